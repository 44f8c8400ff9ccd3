# syntax=docker/dockerfile:1
# Meridian as a container: Next's standalone server plus the Prisma CLI, which migrates the PostgreSQL
# named by DATABASE_URL at every start (a no-op when up to date; replicas take Prisma's advisory lock).
# Not built on the machine this was written on (no container engine there); see README, "Deploying".
#
#   docker build -t meridian .
#   docker run -p 3000:3000 -e DATABASE_URL=postgresql://… -e NEXTAUTH_SECRET=… -e NEXTAUTH_URL=http://localhost:3000 meridian

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
# `npm install` respects the lockfile; `npm ci` has refused this project's lockfile over other platforms'
# optional packages (see the shared stack notes). Install scripts stay off: the project's postinstall (prisma generate) needs the schema, which comes in
# the build stage, and Prisma's engine download is not needed with the WASM engines.
RUN npm install --ignore-scripts --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# generate only reads the schema, but prisma.config.ts refuses to load without a URL.
RUN DATABASE_URL=postgresql://unused@127.0.0.1:1/unused node node_modules/prisma/build/index.js generate
RUN MERIDIAN_STANDALONE=1 node node_modules/next/dist/bin/next build
# The standalone output traces only what the server imports; migrate deploy also needs the Prisma CLI.
RUN node scripts/copy-runtime-deps.mjs /migrate/node_modules prisma @prisma/adapter-pg pg

FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
# HOSTNAME: Docker and Kubernetes set it to the container's name, and the standalone server listens on it.
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    CHECKPOINT_DISABLE=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    MERIDIAN_DATA_DIR=/data
RUN groupadd --system --gid 10001 meridian \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home meridian \
 && mkdir -p /data /app/.next/cache \
 && chown 10001:10001 /data /app/.next/cache

# The app files belong to root: the server only writes to /data, /tmp and .next/cache.
COPY --from=build /migrate/node_modules ./node_modules
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
COPY --from=build /app/public ./public
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/prisma.config.ts ./
COPY --from=build /app/scripts/start-standalone.mjs /app/scripts/unref-long-timers.cjs ./scripts/
COPY --from=build /app/scripts/lib/prisma-cli.mjs /app/scripts/lib/http-guard.cjs ./scripts/lib/
# The demo configuration and its terraform workspaces: MERIDIAN_CONFIG defaults to config/demo.yaml.
COPY --from=build /app/config ./config
COPY --from=build /app/demo ./demo

# terraform is not part of the image. Either add a binary, for example
#   COPY --from=hashicorp/terraform:1.11 /bin/terraform /usr/local/bin/terraform
# or mount one and point MERIDIAN_TERRAFORM_BIN at it (a workspace's own `terraform:` setting wins).
ENV MERIDIAN_TERRAFORM_BIN=terraform

USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "scripts/start-standalone.mjs"]
