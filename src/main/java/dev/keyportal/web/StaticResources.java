package dev.keyportal.web;

import java.time.Duration;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.LiteWebJarsResourceResolver;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * The portal's static files, served only under the paths they live at ({@code /css}, {@code /js}, {@code /webjars}),
 * with Spring Boot's catch-all {@code /**} mapping off ({@code spring.web.resources.add-mappings: false}).
 *
 * <p>Why: every link a page renders ({@code @{/keys/{id}}}, the navigation…) goes through the resource URL encoding
 * filter, which asks each resource handler whose pattern matches the link for a versioned URL. With {@code /**}
 * every link matched, and for a link that is not a file the resolvers looked it up in four class-path locations
 * of the jar — a miss, which the chain's cache does not keep — on every link of every page: most of a page's time
 * under load. Now only links under the three paths are resolved, and each resolved URL is cached.
 *
 * <p>Files under {@code /css} and {@code /js} get a content hash in their URL ({@code portal-<md5>.css}) and
 * WebJars their version, so both can be cached by browsers for a year; a release changes the URL.
 */
@Configuration(proxyBeanMethods = false)
class StaticResources implements WebMvcConfigurer {

    private static final CacheControl A_YEAR = CacheControl.maxAge(Duration.ofDays(365)).cachePublic();

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        for (String folder : new String[] {"css", "js"}) {
            registry.addResourceHandler("/" + folder + "/**")
                    .addResourceLocations("classpath:/static/" + folder + "/")
                    .setCacheControl(A_YEAR)
                    .resourceChain(true)
                    .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
        }
        registry.addResourceHandler("/webjars/**")
                .addResourceLocations("classpath:/META-INF/resources/webjars/")
                .setCacheControl(A_YEAR)
                .resourceChain(true)
                .addResolver(new LiteWebJarsResourceResolver());
    }
}
