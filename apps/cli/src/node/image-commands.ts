import type { ClientReadableStream } from '@grpc/grpc-js';
import type { ListImagesResponse, LoadImagesResponse, ProgressEvent, PruneImagesResponse, RemoveImageResponse } from '@stevedore/proto';
import type { Command } from 'commander';
import * as path from 'path';
import { humanSize } from '../format/human';
import { imagesTable } from '../format/listings';
import { connect } from './client';
import { progressPrinter } from './progress';

type Ctx = () => { dataDir: string; output?: string };

export function streamProgress(stream: ClientReadableStream<ProgressEvent>): Promise<string> {
  const printer = progressPrinter(process.stdout);
  let digest = '';
  return new Promise((resolve, reject) => {
    stream.on('data', (e: ProgressEvent) => {
      printer.update(e);
      if (e.status === 'Done') digest = e.digest;
    });
    stream.on('error', reject);
    stream.on('end', () => {
      printer.done();
      resolve(digest);
    });
  });
}

export function registerImageCommands(node: Command, ctx: Ctx): void {
  node
    .command('images')
    .description('list images')
    .option('-o, --output <format>', 'json for machine-readable output')
    .action(async (opts: { output?: string }) => {
      const client = connect(ctx().dataDir);
      const { images } = await client.request<ListImagesResponse>('images', 'ListImages', {});
      process.stdout.write(opts.output === 'json' ? `${JSON.stringify(images, null, 2)}\n` : imagesTable(images));
    });
  node
    .command('pull <image>')
    .description('pull an image from a registry')
    .action(async (image: string) => {
      const client = connect(ctx().dataDir);
      const id = await streamProgress(client.images.PullImage({ image }));
      process.stdout.write(`Pulled ${image} (${id.slice(7, 19)})\n`);
    });
  node
    .command('push <image>')
    .description('push an image to its registry')
    .action(async (image: string) => {
      const client = connect(ctx().dataDir);
      const digest = await streamProgress(client.images.PushImage({ image }));
      process.stdout.write(`Pushed ${image}: digest: ${digest}\n`);
    });
  node
    .command('tag <source> <target>')
    .description('give an image another name')
    .action(async (source: string, target: string) => {
      const client = connect(ctx().dataDir);
      await client.request('images', 'TagImage', { source, target });
    });
  node
    .command('load')
    .description('load images from a docker save or OCI image-layout archive (tar, optionally gzipped)')
    .requiredOption('-i, --input <file>', 'the archive to read')
    .action(async (opts: { input: string }) => {
      const client = connect(ctx().dataDir);
      // The agent reads the file itself, on this host: give it a path that does not depend on our working directory.
      const res = await client.request<LoadImagesResponse>('images', 'LoadImages', { path: path.resolve(opts.input) });
      for (const image of res.images) {
        if (!image.tags.length) process.stdout.write(`Loaded image ID: ${image.id}\n`);
        for (const tag of image.tags) process.stdout.write(`Loaded image: ${tag}\n`);
      }
    });
  node
    .command('save <images...>')
    .description('write images to one archive that load, docker load and skopeo read')
    .requiredOption('-o, --output <file>', 'the archive to write')
    .action(async (images: string[], opts: { output: string }) => {
      const client = connect(ctx().dataDir);
      await client.request('images', 'SaveImages', { path: path.resolve(opts.output), images });
    });
  node
    .command('rmi <images...>')
    .description('remove images')
    .option('-f, --force', 'remove even when a container uses it')
    .action(async (images: string[], opts: { force?: boolean }) => {
      const client = connect(ctx().dataDir);
      for (const image of images) {
        const res = await client.request<RemoveImageResponse>('images', 'RemoveImage', { image, force: !!opts.force });
        for (const t of res.untagged) process.stdout.write(`Untagged: ${t}\n`);
        for (const d of res.deleted) process.stdout.write(`Deleted: ${d}\n`);
      }
    });
  node
    .command('prune')
    .description('remove dangling images')
    .option('-o, --output <format>', 'json')
    .action(async (opts: { output?: string }) => {
      const client = connect(ctx().dataDir);
      const res = await client.request<PruneImagesResponse>('images', 'PruneImages', {});
      if (opts.output === 'json') return void process.stdout.write(`${JSON.stringify(res)}\n`);
      for (const d of res.deleted) process.stdout.write(`Deleted: ${d}\n`);
      process.stdout.write(`Total reclaimed space: ${humanSize(Number(res.spaceReclaimed))}\n`);
    });
}
