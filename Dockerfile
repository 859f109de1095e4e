# Shape Remote Worker on Open Liberty.
# No Docker engine runs on the project's build machines: this file is written and reviewed, not built, there.
#   docker build -t shape-remote-worker .
#   docker run -p 9080:9080 shape-remote-worker

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
