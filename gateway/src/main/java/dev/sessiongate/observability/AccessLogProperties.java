package dev.sessiongate.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The access log: one line per relayed request on the logger {@code sessiongate.access}.
 *
 * @param enabled whether relayed requests are logged; never a token, cookie value or
 * query string. Defaults to true.
 */
@Validated
@ConfigurationProperties("sessiongate.access-log")
public record AccessLogProperties(@DefaultValue("true") boolean enabled) {
}
