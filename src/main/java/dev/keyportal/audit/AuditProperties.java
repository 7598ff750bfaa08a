package dev.keyportal.audit;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code PORTAL_AUDIT_RETENTION}: how long audit events are kept (unset: for ever); older ones are exported to
 * {@code PORTAL_AUDIT_ARCHIVEDIR} and then removed, up to a checkpoint. Setting a retention without an archive
 * directory stops start-up: the portal never removes an event it has not written out first.
 */
@ConfigurationProperties("portal.audit")
public record AuditProperties(Duration retention, Path archiveDir) {

    public AuditProperties {
        if (retention != null && (retention.isZero() || retention.isNegative())) {
            throw new IllegalStateException("PORTAL_AUDIT_RETENTION must be a positive duration, such as 400d");
        }
        if (retention != null && archiveDir == null) {
            throw new IllegalStateException("PORTAL_AUDIT_ARCHIVEDIR is not set: with PORTAL_AUDIT_RETENTION the"
                    + " portal exports the events it prunes there first");
        }
    }
}
