# Shape Remote Worker on Open Liberty: the WAR, liberty/config and the Derby jars of the batch store, on the Open
# Liberty image of the release the build tests against (25.0.0.12, full runtime, Java 17).
# No container engine runs on the project's build machines, so this file is tested without one: DockerfileIT parses
# every step below, lays out exactly those files over a fresh server of the build's own Open Liberty, configures it
# through the environment variables below and runs a call and a batch on it. A step it does not know fails it.
#
#   docker build -t shape-remote-worker .
#   docker run -p 9080:9080 -p 9443:9443 \
#       -e MP_JWT_VERIFY_ISSUER=https://sso.example/realms/acme \
#       -e MP_JWT_VERIFY_PUBLICKEY_LOCATION=https://sso.example/realms/acme/protocol/openid-connect/certs \
#       -e SHAPE_ADMIN_SECRETS=/run/secrets/admin-secrets.xml -v /srv/shape/admin-secrets.xml:/run/secrets/admin-secrets.xml:ro \
#       shape-remote-worker
#
# 9080 serves the worker's API (bearer tokens of the issuer above; without MP_JWT_VERIFY_* nothing but ping answers);
# 9443 is the management port (/health, /metrics, /openapi, Admin Center), whose administrator is defined in the
# file SHAPE_ADMIN_SECRETS names (none without it; docs/SECURITY.md); 5701 is the Hazelcast member port of a fleet
# (SHAPE_WORKER_CACHE_PROVIDER, SHAPE_WORKER_FLEET_MEMBERS, SHAPE_WORKER_FLEET_PORT, SHAPE_WORKER_FLEET_ADDRESS). Every variable, and what to
# keep on a volume: docs/OPERATIONS.md, "Container image".
# The image holds no secret: the base image's entrypoint writes a fresh HTTPS keystore password into
# /config/configDropins/defaults/keystore.xml when a container starts, and Liberty makes the key with it.

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY src ./src
# The WAR, and the Derby jars in target/derby (pom.xml, execution derby-for-image), from Maven Central.
RUN mvn -B -DskipTests package

FROM icr.io/appcafe/open-liberty:25.0.0.12-full-java17-openj9-ubi
COPY --chown=1001:0 liberty/config/ /config/
# server.xml's derbyLib: the embedded Derby of the batch store (batchDB).
COPY --chown=1001:0 --from=build /src/target/derby/ /config/lib/derby/
COPY --chown=1001:0 --from=build /src/target/shape-remote-worker.war /config/apps/
EXPOSE 9080 9443 5701
# The image's configure.sh writes a keystore password into the image and starts the server once to warm its class
# cache. What must be each container's own goes again: that password (the entrypoint makes one at every start), and
# what the warm-up start made: the HTTPS key, the batch database, the messaging store, jobs and batches.
RUN configure.sh \
    && rm -rf /config/configDropins/defaults/keystore.xml /output/resources/security /output/resources/shapeBatchDB \
              /output/messaging /output/shape-jobs /output/shape-batches
