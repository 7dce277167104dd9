package dev.sessiongate.relay;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize request bodies up to this size are buffered so the request can be
 * sent again after a refresh; larger or unknown-length bodies stream through and are not
 * replayed. Defaults to 1MB.
 */
@ConfigurationProperties("sessiongate.retry")
public record RetryProperties(@DefaultValue("1MB") DataSize maxBodySize) {
}
