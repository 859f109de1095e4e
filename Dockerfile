# Shape Remote Worker on Open Liberty.
# No Docker engine runs on the project's build machines: this file is written and reviewed, not built, there.
#   docker build -t shape-remote-worker .
#   docker run -p 9080:9080 -p 9443:9443 \
#       -e MP_JWT_VERIFY_ISSUER=https://sso.example/realms/acme \
#       -e MP_JWT_VERIFY_PUBLICKEY_LOCATION=https://sso.example/realms/acme/protocol/openid-connect/certs \
#       shape-remote-worker
# 9080 serves the worker's API (bearer tokens from the issuer above; without it nothing but ping answers);
# 9443 is the management port (/health, /metrics, /openapi, Admin Center). No administrator exists until an
# admin-secrets.xml is mounted at /config/admin-secrets.xml (docs/SECURITY.md).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src ./src
RUN mvn -B -DskipTests package

FROM icr.io/appcafe/open-liberty:full-java17-openj9-ubi
COPY --chown=1001:0 liberty/config/ /config/
COPY --chown=1001:0 --from=build /src/target/shape-remote-worker.war /config/apps/
# Liberty's image script: resolves features and warms the shared class cache.
RUN configure.sh
