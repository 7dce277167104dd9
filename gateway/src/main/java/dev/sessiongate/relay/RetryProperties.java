package dev.sessiongate.relay;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param maxBodySize request bodies up to this size are buffered so the request can be
 * sent again after a refresh, with a {@code Content-Length} or without (chunked); larger
 * bodies stream through and are not replayed. Defaults to 1MB.
 * @param maxBufferedBytes all bodies held for replay at once, across every request in
 * flight; a body that would go over it streams and is not replayed. Defaults to 64MB.
 * @param bodyIdleTimeout a body being buffered that sends nothing for this long answers
 * {@code 408 request_timeout}. Defaults to 10 seconds.
 */
@ConfigurationProperties("sessiongate.retry")
public record RetryProperties(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("64MB") DataSize maxBufferedBytes,
		@DefaultValue("10s") Duration bodyIdleTimeout) {
}
