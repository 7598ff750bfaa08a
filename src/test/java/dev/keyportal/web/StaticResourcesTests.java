package dev.keyportal.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.keyportal.testsupport.FullStackTest;
import dev.keyportal.testsupport.PortalClient;
import dev.keyportal.testsupport.PortalClient.Page;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StaticResourcesTests extends FullStackTest {

    @Test
    void pagesLinkStylesAndScriptsByVersionAndBrowsersMayKeepThemForAYear() {
        Page home = signedIn(uniquePerson("styles")).get("/");
        PortalClient anonymous = PortalClient.at(port);
        for (Pattern link : new Pattern[] {Pattern.compile("href=\"(/css/portal-[0-9a-f]{32}\\.css)\""),
                Pattern.compile("src=\"(/js/portal-[0-9a-f]{32}\\.js)\""),
                Pattern.compile("href=\"(/webjars/bootstrap/5\\.[0-9.]+/dist/css/bootstrap\\.min\\.css)\""),
                Pattern.compile("src=\"(/webjars/bootstrap/5\\.[0-9.]+/dist/js/bootstrap\\.bundle\\.min\\.js)\"")}) {
            Matcher found = link.matcher(home.body());
            assertThat(found.find()).as("the home page links %s", link).isTrue();
            Page file = anonymous.getWithoutRedirects(found.group(1));
            assertThat(file.status()).as(found.group(1)).isEqualTo(200);
            assertThat(file.header("Cache-Control")).contains("max-age=31536000", "public");
        }
    }

    @Test
    void linksToPagesStayAsTheyAreAndNoOtherPathServesFiles() {
        Page keys = signedIn(uniquePerson("links")).get("/keys");
        assertThat(keys.body()).contains("href=\"/keys/new\"", "href=\"/requests\"");
        PortalClient anonymous = PortalClient.at(port);
        assertThat(anonymous.getWithoutRedirects("/css/nothing-here.css").status()).isEqualTo(404);
        assertThat(anonymous.getWithoutRedirects("/static/css/portal.css").status()).isNotEqualTo(200);
        assertThat(anonymous.getWithoutRedirects("/portal.css").status()).isNotEqualTo(200);
    }
}
