# conclave: the trading daemon as a container.
#
#   docker build -t conclave .
#   export CONCLAVE_HTTP_TOKEN=$(openssl rand -hex 32)      # keep it: /status, /metrics and /ws need it
#   docker run -d --name conclave --restart unless-stopped --log-opt max-size=20m --log-opt max-file=5 \
#     -p 8080:8080 -e CONCLAVE_HTTP_TOKEN -v conclave-data:/data conclave
#   docker logs --tail 500 conclave | docker exec -i conclave conclave health
#
# Stage 1 compiles better-sqlite3 and the TypeScript; stage 2 holds only what the daemon needs to run.

# ---------------------------------------------------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS build

# better-sqlite3 is compiled from source with node-gyp: it needs python3, make and a C++ compiler.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that the (slow) native compile is cached until package*.json change.
# The package.json `allowScripts` field approves better-sqlite3's install script (npm 11 runs only approved ones).
# build_from_source: compile the addon rather than try the prebuilt download (not reachable from every build host);
# prebuild-install reads it from the environment, and npm warns "Unknown env config build-from-source": expected.
COPY package.json package-lock.json ./
RUN npm_config_build_from_source=true npm ci --no-audit --no-fund

COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
RUN npm run build

# Drop the dev dependencies (the compiled addon stays), then the compiler's leftovers: object files, the static sqlite
# library, the test extension and the C sources. Only build/Release/better_sqlite3.node is loaded at run time.
# Last, prove the addon loads and works.
RUN npm prune --omit=dev --no-audit --no-fund \
 && cd node_modules/better-sqlite3 \
 && rm -rf deps src build/Release/obj build/Release/obj.target build/Release/.deps \
           build/Release/sqlite3.a build/Release/test_extension.node \
 && cd /app \
 && node -e "const db = require('better-sqlite3')(':memory:'); console.log('better-sqlite3 ok, sqlite', db.prepare('select sqlite_version() as v').get().v); db.close()"

# ---------------------------------------------------------------------------------------------------------------------
# runtime
# ---------------------------------------------------------------------------------------------------------------------
FROM node:20-bookworm-slim AS runtime

# The data dir is a volume; HTTP (/healthz, /status, /metrics, /ws) listens on every interface of the container.
# Beyond loopback everything but /healthz needs the operator's token: set CONCLAVE_HTTP_TOKEN at run time (-e or
# --env-file; never bake it into the image) and send it as "Authorization: Bearer TOKEN". Without it the daemon serves
# /healthz only (the HEALTHCHECK keeps working) and warns at start.
# Docker restarts no unhealthy container: a daemon alive but not working for 2 minutes (the HEALTHCHECK's rule) exits 1
# itself, for the restart policy to start it afresh (systemd's watchdog does this for the unit).
ENV NODE_ENV=production \
    CONCLAVE_DATA_DIR=/data \
    CONCLAVE_HTTP_HOST=0.0.0.0 \
    CONCLAVE_HTTP_PORT=8080 \
    CONCLAVE_STALL_EXIT_MS=120000

WORKDIR /app

# Code is owned by root and read-only for the daemon's user; package.json must be present: config/default.json is
# found relative to it.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY config ./config

# /data belongs to the unprivileged user `node` (uid 1000); `conclave` on the PATH for `docker exec ... conclave status`.
RUN mkdir -p /data \
 && chown node:node /data \
 && chmod 0750 /data \
 && ln -s /app/bin/conclave.js /usr/local/bin/conclave \
 && node -e "require('better-sqlite3')(':memory:').close()"

USER node
VOLUME ["/data"]
EXPOSE 8080

# 200 while every loop has succeeded within three of its intervals and nothing is stalled (503 names the stale loops
# or what stalled: market data not advancing, queued work not decided), the rule the systemd watchdog follows. No curl
# in a slim image: node's own fetch does the request. Needs HTTP on (CONCLAVE_HTTP_PORT not 0) and reachable on
# 127.0.0.1; /healthz needs no token.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.CONCLAVE_HTTP_PORT||8080)+'/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# Exec form, no shell in between: SIGTERM reaches node, which stops the loops, settles in-flight discussions, closes
# the store and exits 0 (well within docker stop's default 10 s). Exit 78 means bad configuration: fix, do not restart.
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
