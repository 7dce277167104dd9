package dev.sessiongate.token;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * An IdP in memory for unit tests: a WebClient whose exchange function answers discovery
 * and JWKS, with keys that tests rotate and JWKS reads they count or make fail.
 */
final class StubIdp {

	static final String ISSUER = "https://idp.test";

	static final OidcProperties PROPERTIES = new OidcProperties(URI.create(ISSUER), "gateway", "secret",
			List.of("openid"), null, List.of(), null, Duration.ofSeconds(1), Duration.ofSeconds(1), false);

	final AtomicReference<JWKSet> published = new AtomicReference<>();

	final AtomicInteger jwksReads = new AtomicInteger();

	final AtomicInteger failNextJwksReads = new AtomicInteger();

	final WebClient webClient = WebClient.builder().exchangeFunction(request -> answer(request.url())).build();

	private Mono<ClientResponse> answer(URI url) {
		if (url.getPath().endsWith("/.well-known/openid-configuration")) {
			return json("{\"issuer\":\"" + ISSUER + "\",\"authorization_endpoint\":\"" + ISSUER
					+ "/authorize\",\"token_endpoint\":\"" + ISSUER + "/token\",\"jwks_uri\":\"" + ISSUER + "/jwks\"}");
		}
		this.jwksReads.incrementAndGet();
		if (this.failNextJwksReads.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
			return Mono.just(ClientResponse.create(HttpStatus.SERVICE_UNAVAILABLE).build());
		}
		return json(this.published.get().toString(true));
	}

	private static Mono<ClientResponse> json(String body) {
		return Mono.just(ClientResponse.create(HttpStatus.OK)
			.header("Content-Type", "application/json")
			.body(body)
			.build());
	}

	void publish(JWK... keys) {
		this.published.set(new JWKSet(List.of(keys)));
	}

	static RSAKey rsaKey() {
		try {
			return new RSAKeyGenerator(2048).keyID(java.util.UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static ECKey ecKey() {
		try {
			return new ECKeyGenerator(Curve.P_256).keyID(java.util.UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String sign(JWK key, JWTClaimsSet claims) {
		try {
			boolean rsa = key instanceof RSAKey;
			JWSSigner signer = rsa ? new RSASSASigner((RSAKey) key) : new ECDSASigner((ECKey) key);
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(rsa ? JWSAlgorithm.RS256 : JWSAlgorithm.ES256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(signer);
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
