package dev.keyportal.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;

/**
 * Sessions live in Postgres (Spring Session JDBC), so any instance serves any signed-in person. Two requests of one
 * session that add the same attribute at once (two tabs, a quick second click: both store a flash message) would
 * collide on the attribute table's primary key and end in a 500; Postgres's upsert makes the later write win.
 */
@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    @Bean
    PostgreSqlJdbcIndexedSessionRepositoryCustomizer upsertSessionAttributes() {
        return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
    }
}
