package dev.keyportal.notification;

import java.util.List;
import java.util.Map;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends the portal's mail when SMTP is configured: plain text, or text and HTML rendered from the templates
 * {@code templates/mail/NAME.txt} and {@code NAME.html}. A failed mail is logged (never its content) and never
 * undoes the change it reports.
 */
@Component
class Mailer {

    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    private final ObjectProvider<JavaMailSender> mailSender;
    private final MailProperties properties;
    private final SpringTemplateEngine templates = new SpringTemplateEngine();

    Mailer(ObjectProvider<JavaMailSender> mailSender, MailProperties properties) {
        this.mailSender = mailSender;
        this.properties = properties;
        templates.addTemplateResolver(resolver(".txt", TemplateMode.TEXT));
        templates.addTemplateResolver(resolver(".html", TemplateMode.HTML));
    }

    /** A plain-text mail. */
    void send(List<String> to, String subject, String text) {
        deliver(to, subject, text, null);
    }

    /**
     * A mail with a text and an HTML part from the templates {@code mail/NAME.txt} and {@code mail/NAME.html}; they
     * also see {@code subject} and {@code portalUrl}.
     */
    void send(List<String> to, String subject, String template, Map<String, Object> variables) {
        Context context = new Context();
        context.setVariables(variables);
        context.setVariable("subject", subject);
        context.setVariable("portalUrl", link(""));
        deliver(to, subject, templates.process(template + ".txt", context), templates.process(template + ".html",
                context));
    }

    /** The portal's public URL of {@code path} (which starts with a slash, or is empty). */
    String link(String path) {
        String url = properties.baseUrl().toString();
        return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + path;
    }

    private void deliver(List<String> to, String subject, String text, String html) {
        JavaMailSender sender = mailSender.getIfAvailable();
        if (sender == null || to.isEmpty()) {
            return;
        }
        try {
            MimeMessage message = sender.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, html != null, "UTF-8");
            helper.setFrom(properties.mailFrom());
            helper.setTo(to.toArray(String[]::new));
            helper.setSubject(subject);
            if (html == null) {
                helper.setText(text);
            } else {
                helper.setText(text, html);
            }
            sender.send(message);
        } catch (MailException | MessagingException e) {
            log.warn("Could not send '{}' to {} recipient(s): {}", subject, to.size(), e.getClass().getSimpleName());
        }
    }

    private static ClassLoaderTemplateResolver resolver(String suffix, TemplateMode mode) {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/mail/");
        resolver.setTemplateMode(mode);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCheckExistence(true);
        resolver.setCacheable(true);
        resolver.setResolvablePatterns(java.util.Set.of("*" + suffix));
        return resolver;
    }
}
