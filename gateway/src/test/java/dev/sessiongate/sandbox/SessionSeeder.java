package dev.sessiongate.sandbox;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jwt.JWTParser;
import dev.sessiongate.session.SessionCookie;
import dev.sessiongate.session.SessionStore;
import dev.sessiongate.token.TokenSet;
import reactor.core.publisher.Flux;

/**
 * Sessions for load tests without the login endpoints: tokens from the sandbox IdP, stored through a gateway
 * context's own {@link SessionStore} and {@link SessionCookie}, so the gateway under test (same Redis, same sealing
 * key) opens them as if a user had logged in. Mirrors {@link SandboxStack#signIn(String)}.
 */
final class SessionSeeder implements AutoCloseable {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final SandboxIdp idp;

	private final SandboxGateway gateway;

	private final AtomicInteger users = new AtomicInteger();

	SessionSeeder(SandboxIdp idp, SandboxGateway gateway) {
		this.idp = idp;
		this.gateway = gateway;
	}

	/** Creates {@code count} sessions of distinct users; blocking. */
	List<Map<String, String>> create(int count) {
		SessionCookie cookies = this.gateway.bean(SessionCookie.class);
		SessionStore store = this.gateway.bean(SessionStore.class);
		return Flux.range(0, count).flatMap(i -> {
			String subject = "load-" + this.users.incrementAndGet();
			SandboxTokens tokens = this.idp.issueTokens(subject);
			SessionCookie.Issued issued = cookies.issue();
			String claims = "{\"sub\":\"" + subject + "\",\"sid\":\"" + tokens.sid() + "\"}";
			return store.create(issued.id(), subject, claims, tokenSet(tokens))
				.thenReturn(Map.of("cookie", issued.cookie().getValue(), "sid", tokens.sid()));
		}, 16).collectList().block(TIMEOUT);
	}

	String cookieName() {
		return this.gateway.bean(SessionCookie.class).name();
	}

	Map<String, Object> toJson(List<Map<String, String>> sessions) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("cookieName", cookieName());
		json.put("sessions", sessions);
		return json;
	}

	private static TokenSet tokenSet(SandboxTokens tokens) {
		return new TokenSet(tokens.accessToken(), expiry(tokens.accessToken()), tokens.refreshToken(),
				tokens.idToken());
	}

	private static Instant expiry(String accessToken) {
		try {
			return Objects.requireNonNull(JWTParser.parse(accessToken).getJWTClaimsSet().getExpirationTime())
				.toInstant();
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException("not a JWT", ex);
		}
	}

	@Override
	public void close() {
		this.gateway.close();
	}

}
