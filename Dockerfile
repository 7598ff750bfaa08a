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
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/key-portal.jar"]
