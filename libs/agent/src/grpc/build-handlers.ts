// gRPC BuildService: runs a build and streams its progress; a failed build ends the stream with
// an event that carries the error (with its Dockerfile line) and the exit code the CLI exits with.
import { BuildError, type ImageBuilder } from '@stevedore/build';
import type { BuildServiceHandlers } from '@stevedore/proto';
import * as path from 'path';

export function buildHandlers(builder: ImageBuilder): BuildServiceHandlers {
  return {
    Build: (call) => {
      const r = call.request;
      const write = (event: { stream?: string; imageId?: string; error?: string; exitCode?: number }) => {
        if (!call.cancelled) call.write({ stream: '', imageId: '', error: '', exitCode: 0, ...event });
      };
      if (!path.isAbsolute(r.contextDir ?? '')) {
        write({ error: `the build context must be an absolute path on the node, not "${r.contextDir}"`, exitCode: 1 });
        return void call.end();
      }
      // The client went away (Ctrl-C): stop the RUN in progress and the steps after it.
      const cancel = new AbortController();
      call.on('cancelled', () => cancel.abort());
      builder
        .build(
          {
            contextDir: r.contextDir ?? '',
            dockerfile: r.dockerfile || undefined,
            tags: r.tags ?? [],
            buildArgs: r.buildArgs ?? {},
            target: r.target || undefined,
            noCache: !!r.noCache,
          },
          (stream) => write({ stream }),
          cancel.signal,
        )
        .then(
          (imageId) => write({ imageId }),
          (err: Error) => write({ error: err.message, exitCode: err instanceof BuildError ? err.exitCode : 1 }),
        )
        .finally(() => call.end());
    },
  };
}
