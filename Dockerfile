# syntax=docker/dockerfile:1

# Build: the Maven wrapper fetches Maven and the dependencies (cached between builds), tests are left to CI.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY db/ db/
COPY src/ src/
RUN --mount=type=cache,target=/root/.m2 \
    chmod +x mvnw \
    && ./mvnw -B -ntp -DskipTests package \
    && cp target/key-portal-*.jar /build/key-portal.jar

# Run: JRE only, as a non-root user. All configuration comes from environment variables (see README).
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 keyportal \
    && useradd --system --uid 10001 --gid keyportal --home-dir /app --no-create-home --shell /usr/sbin/nologin keyportal
WORKDIR /app
COPY --from=build /build/key-portal.jar /app/key-portal.jar
USER 10001:10001
# JVM settings for a portal that serves people and admins, not a batch job (figures in docs/benchmarks.md, "Pages,
# issuing and memory"). Fixed sizes instead of -XX:MaxRAMPercentage, so the footprint is the same on a 1 GiB and a
# 64 GiB host: 75% of a large host let the heap grow past 1 GB of resident memory although the live data is well
# under 100 MB.
#   -XX:+UseSerialGC           one collector thread and no concurrent machinery: the least memory and CPU of the
#                              collectors; with a heap this small its pauses stay at a few milliseconds
#   -Xms64m -Xmx256m           room for sessions, template and query caches and a burst of requests; the heap is
#                              given back to the system (SerialGC shrinks it after a full collection)
#   -Xss512k                   request threads need far less than the default 1 MB of stack
#   -XX:MaxMetaspaceSize=192m  class metadata of Spring, Hibernate and Thymeleaf is about 120 MB; a leak stops here
#   -XX:ReservedCodeCacheSize=64m  the JIT's compiled code (default 240 MB reserve); the portal uses about 40 MB
#   -XX:MaxDirectMemorySize=32m    NIO buffers of Tomcat and the HTTP client
#   -XX:+ExitOnOutOfMemoryError    a portal that ran out of memory is restarted by the orchestrator, not left limping
# Tomcat's request threads are capped in application.yml (server.tomcat.threads.max).
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -Xms64m -Xmx256m -Xss512k -XX:MaxMetaspaceSize=192m -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=32m -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/key-portal.jar"]
