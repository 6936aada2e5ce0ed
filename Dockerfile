# okr as a container image: a static binary (musl) in an empty image.
#
#   docker build -t okr .                      # the image: ENTRYPOINT okr
#   docker run --rm -v "$PWD:/repo" okr check  # in an OKR repository
#   docker build --target ci -t okr-ci .       # with a shell, for CI runners that
#                                              # run scripts (GitLab CI: docs/ci.md)
#
# Reviewed by hand; it is not built on okr's own CI machines (no Docker there).

FROM rust:1-alpine AS build
RUN apk add --no-cache build-base
WORKDIR /src
COPY . .
RUN cargo build --release --locked && cp target/release/okr /okr

# For runners that need a shell in the image (GitLab CI's `script:`).
FROM alpine:3.22 AS ci
COPY --from=build /okr /usr/local/bin/okr
WORKDIR /repo
ENTRYPOINT ["okr"]

# The default: nothing but okr. okr needs no shell, libc, git or certificates
# (libgit2 is built in, and it makes no network connections).
FROM scratch
COPY --from=build /okr /okr
WORKDIR /repo
ENTRYPOINT ["/okr"]
