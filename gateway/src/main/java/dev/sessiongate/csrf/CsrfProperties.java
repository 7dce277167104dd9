package dev.sessiongate.csrf;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param headerRequired whether unsafe methods must carry {@code X-CSRF: 1}; a header a
 * cross-site form cannot set. Defaults to true.
 */
@ConfigurationProperties("sessiongate.csrf")
public record CsrfProperties(@DefaultValue("true") boolean headerRequired) {
}
