# Multi-stage build: the Vue app, then the Go binary, then a small runtime.
FROM node:20-bookworm-slim AS web
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM golang:1.26-bookworm AS go
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY cmd ./cmd
COPY internal ./internal
COPY migrations ./migrations
COPY policies ./policies
ARG VERSION=docker
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/integrity ./cmd/integrity

FROM alpine:3.20
# The client tools `integrity backup` and `restore` call on a server
# database: mariadb-dump/mariadb, and pg_dump/pg_restore (16 dumps a 15
# server too).
RUN apk add --no-cache mariadb-client postgresql16-client
RUN addgroup -S integrity && adduser -S -G integrity integrity && mkdir -p /data && chown integrity:integrity /data
COPY --from=go /out/integrity /usr/local/bin/integrity
COPY --from=web /src/frontend/dist /srv/web
USER integrity
ENV INTEGRITY_ADDR=0.0.0.0:8080 \
    INTEGRITY_WEB_DIR=/srv/web \
    INTEGRITY_DATA_DIR=/data \
    INTEGRITY_DATABASE_URL=sqlite:/data/integrity.db
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD wget -q -O /dev/null http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["integrity"]
CMD ["serve"]
