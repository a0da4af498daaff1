# syntax=docker/dockerfile:1
#
# noirbot image: a static binary on distroless, running as non-root.
#   docker build --build-arg VERSION=$(git describe --tags --always) -t noirbot .
#   docker run -v $PWD/config.toml:/etc/noirbot/config.toml:ro \
#     -e NOIRBOT_DISCORD_TOKEN -e NOIRBOT_VALENTINA_API_KEY -p 8080:8080 noirbot
# The config file is mounted (it must be readable by uid 65532); secrets come from the
# environment (NOIRBOT_DISCORD_TOKEN, NOIRBOT_VALENTINA_API_KEY, NOIRBOT_REDIS_URL).

FROM golang:1.26-bookworm AS builder
WORKDIR /src

# Modules first, in their own layer: it is rebuilt only when go.mod or go.sum change.
COPY go.mod go.sum ./
RUN go mod download

COPY . .
ARG VERSION=dev
RUN --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/noirbot .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=builder /out/noirbot /noirbot
USER nonroot:nonroot

# The admin server (/healthz, /readyz, /metrics) must be reachable from outside the
# container; this overrides http.addr from the config file.
ENV NOIRBOT_HTTP_ADDR=:9090
# 8080: POST /interactions when discord.interactions_addr = ":8080"; 9090: admin server.
EXPOSE 8080 9090

# Without -config and with no ./config.toml in the image, healthcheck uses the defaults plus
# NOIRBOT_HTTP_ADDR, so it asks 127.0.0.1:9090 whatever the mounted file contains.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["/noirbot", "healthcheck"]

# Shutdown gives in-flight interactions up to 10 s, then edits deferred ones: stop with a
# grace period above that (docker stop -t 20, compose stop_grace_period).
ENTRYPOINT ["/noirbot"]
CMD ["run", "-config", "/etc/noirbot/config.toml"]
