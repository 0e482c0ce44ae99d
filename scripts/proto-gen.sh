#!/usr/bin/env bash
# Generates the TypeScript types of the gRPC contracts in proto/ into libs/proto/src/generated.
# Generated files are committed and never edited by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf libs/proto/src/generated
npx --no-install proto-loader-gen-types --longs=Number --enums=String --defaults --oneofs --grpcLib=@grpc/grpc-js \
  --outDir=libs/proto/src/generated proto/stevedore/node/v1/node.proto proto/stevedore/cluster/v1/cluster.proto >/dev/null
