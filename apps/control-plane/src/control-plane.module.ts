import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { ControlPlaneConfig } from './config';
import { AuthMiddleware, TokenBook, TOKENS } from './http/auth.middleware';
import { MetaController } from './http/meta.controller';
import { ResourcesController } from './http/resources.controller';
import { StatusFilter } from './http/status.filter';
import { CONFIG, REST } from './tokens';
import type { RestContext } from '@stevedore/apiserver';

export interface ControlPlaneDeps {
  config: ControlPlaneConfig;
  tokens: TokenBook;
  rest: RestContext;
}

/** The control plane's root module: configuration and collaborators come in from `startControlPlane`. */
@Module({})
export class ControlPlaneModule implements NestModule {
  static register(deps: ControlPlaneDeps): DynamicModule {
    return {
      module: ControlPlaneModule,
      controllers: [MetaController, ResourcesController],
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: TOKENS, useValue: deps.tokens },
        { provide: REST, useValue: deps.rest },
        { provide: APP_FILTER, useClass: StatusFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuthMiddleware).forRoutes('*path');
  }
}
