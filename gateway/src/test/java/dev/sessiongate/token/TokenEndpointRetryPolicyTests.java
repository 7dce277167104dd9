package dev.sessiongate.token;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which token-endpoint failures are retried: only those where the request cannot have
 * reached the IdP. The integration tests show the other side against the sandbox IdP (one
 * POST for a 502, a 504, a reset or a read timeout).
 */
class TokenEndpointRetryPolicyTests {

	@Test
	void neverReachedTheIdpWhenConnectionRefusedThenRetryable() {
		assertThat(TokenEndpointClient.neverReachedTheIdp(request(new ConnectException("Connection refused")))).isTrue();
	}

	@Test
	void neverReachedTheIdpWhenConnectTimedOutThenRetryable() {
		assertThat(TokenEndpointClient.neverReachedTheIdp(request(new ConnectTimeoutException("connect timed out"))))
			.isTrue();
	}

	@Test
	void neverReachedTheIdpWhenHostUnknownThenRetryable() {
		assertThat(TokenEndpointClient.neverReachedTheIdp(request(new UnknownHostException("idp.example")))).isTrue();
	}

	@Test
	void neverReachedTheIdpWhenReadTimedOutThenNotRetried() {
		assertThat(TokenEndpointClient.neverReachedTheIdp(request(ReadTimeoutException.INSTANCE))).isFalse();
	}

	@Test
	void neverReachedTheIdpWhenClosedOrResetAfterSendingThenNotRetried() {
		assertThat(TokenEndpointClient
			.neverReachedTheIdp(request(new IOException("Connection prematurely closed BEFORE response")))).isFalse();
		assertThat(TokenEndpointClient.neverReachedTheIdp(request(new IOException("Connection reset by peer"))))
			.isFalse();
	}

	@Test
	void neverReachedTheIdpWhenTheIdpAnsweredAnErrorThenNotRetried() {
		assertThat(TokenEndpointClient
			.neverReachedTheIdp(IdentityProviderException.unavailable(new IllegalStateException("502")))).isFalse();
	}

	private static WebClientRequestException request(Throwable cause) {
		return new WebClientRequestException(cause, HttpMethod.POST, URI.create("http://idp.test/token"),
				new HttpHeaders());
	}

}
