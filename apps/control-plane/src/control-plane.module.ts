import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { ControlPlaneConfig } from './config';
import { AuthMiddleware, TokenBook, TOKENS } from './http/auth.middleware';
import { MetaController } from './http/meta.controller';
import { StatusFilter } from './http/status.filter';
import { CONFIG } from './tokens';

export interface ControlPlaneDeps {
  config: ControlPlaneConfig;
  tokens: TokenBook;
}

/** The control plane's root module: configuration and collaborators come in from `startControlPlane`. */
@Module({})
export class ControlPlaneModule implements NestModule {
  static register(deps: ControlPlaneDeps): DynamicModule {
    return {
      module: ControlPlaneModule,
      controllers: [MetaController],
      providers: [
        { provide: CONFIG, useValue: deps.config },
        { provide: TOKENS, useValue: deps.tokens },
        { provide: APP_FILTER, useClass: StatusFilter },
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuthMiddleware).forRoutes('*path');
  }
}
