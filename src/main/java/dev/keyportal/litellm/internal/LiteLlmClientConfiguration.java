package dev.keyportal.litellm.internal;

import java.net.http.HttpClient;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keyportal.litellm.LiteLlmProperties;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientAdapter;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/**
 * The HTTP client for LiteLLM: JDK client with connect and read timeouts, one snake_case JSON mapper, the master
 * key added to every request by one interceptor (headers are never logged), error bodies translated.
 */
@Configuration(proxyBeanMethods = false)
class LiteLlmClientConfiguration {

    static final String CALLS = "keyportal.litellm.calls";

    @Bean
    LiteLlmErrors liteLlmErrors(LiteLlmProperties properties) {
        return new LiteLlmErrors(wireMapper(), properties.masterKey());
    }

    @Bean
    LiteLlmAdminApi liteLlmAdminApi(LiteLlmProperties properties, LiteLlmErrors errors,
            ObjectProvider<ObservationRegistry> observations) {
        HttpClient httpClient = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
        requestFactory.setReadTimeout(properties.readTimeout());
        String authorization = "Bearer " + properties.masterKey();
        RestClient restClient = RestClient.builder()
                .baseUrl(properties.url())
                // keyportal.litellm.calls: latency by endpoint (the path template, never a value), status, outcome
                .observationRegistry(observations.getIfAvailable(() -> ObservationRegistry.NOOP))
                .observationConvention(new DefaultClientRequestObservationConvention(CALLS))
                .requestFactory(requestFactory)
                .messageConverters(converters -> {
                    converters.removeIf(c -> c instanceof JacksonJsonHttpMessageConverter);
                    converters.add(0, new JacksonJsonHttpMessageConverter(wireMapper()));
                })
                .requestInterceptor((request, body, execution) -> {
                    request.getHeaders().set(HttpHeaders.AUTHORIZATION, authorization);
                    return execution.execute(request, body);
                })
                .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
                    throw errors.fromResponse(response.getStatusCode().value(),
                            StreamUtils.copyToByteArray(response.getBody()));
                })
                .build();
        return HttpServiceProxyFactory.builderFor(RestClientAdapter.create(restClient))
                .build()
                .createClient(LiteLlmAdminApi.class);
    }

    static JsonMapper wireMapper() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }
}
