package dev.sessiongate.session;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.sessiongate.sandbox.SandboxGateway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TokenSealTests {

	private final SessionProperties.SealingKey k1 = new SessionProperties.SealingKey("k1", SandboxGateway.randomKey());

	private final SessionProperties.SealingKey k2 = new SessionProperties.SealingKey("k2", SandboxGateway.randomKey());

	private final byte[] secret = "refresh-token-value".getBytes(StandardCharsets.UTF_8);

	@Test
	void openWhenSealedForTheSameSessionThenReturnsThePlaintext() {
		TokenSeal seal = new TokenSeal(List.of(this.k1));
		SessionId id = SessionIds.random();

		assertThat(seal.open(id, seal.seal(id, this.secret))).isEqualTo(this.secret);
	}

	@Test
	void openWhenAnotherSessionsCookieThenNull() {
		TokenSeal seal = new TokenSeal(List.of(this.k1));

		assertThat(seal.open(SessionIds.random(), seal.seal(SessionIds.random(), this.secret))).isNull();
	}

	@Test
	void openWhenKeysRotatedThenOldValuesStillOpenAndNewOnesUseTheFirstKey() {
		SessionId id = SessionIds.random();
		byte[] sealedWithK1 = new TokenSeal(List.of(this.k1)).seal(id, this.secret);
		TokenSeal rotated = new TokenSeal(List.of(this.k2, this.k1));

		assertThat(rotated.open(id, sealedWithK1)).isEqualTo(this.secret);
		assertThat(new String(rotated.seal(id, this.secret), StandardCharsets.ISO_8859_1)).contains("k2");
	}

	@Test
	void openWhenKeyRetiredThenNull() {
		SessionId id = SessionIds.random();
		byte[] sealedWithK1 = new TokenSeal(List.of(this.k1)).seal(id, this.secret);

		assertThat(new TokenSeal(List.of(this.k2)).open(id, sealedWithK1)).isNull();
	}

	@Test
	void openWhenTamperedOrTruncatedThenNull() {
		TokenSeal seal = new TokenSeal(List.of(this.k1));
		SessionId id = SessionIds.random();
		byte[] sealed = seal.seal(id, this.secret);
		byte[] tampered = sealed.clone();
		tampered[tampered.length - 1] ^= 1;

		assertThat(seal.open(id, tampered)).isNull();
		assertThat(seal.open(id, java.util.Arrays.copyOf(sealed, 10))).isNull();
		assertThat(seal.open(id, new byte[0])).isNull();
	}

	@Test
	void openWhenSealedAndOpenedOnManyThreadsAtOnceThenEveryValueOpensForItsOwnSession() {
		TokenSeal seal = new TokenSeal(List.of(this.k2, this.k1));
		TokenSeal oldSeal = new TokenSeal(List.of(this.k1));

		List<Boolean> opened = reactor.core.publisher.Flux.range(0, 2000)
			.parallel(8)
			.runOn(reactor.core.scheduler.Schedulers.parallel())
			.map(i -> {
				SessionId id = SessionIds.random();
				byte[] plaintext = ("secret-" + i).getBytes(StandardCharsets.UTF_8);
				byte[] sealed = ((i % 2 == 0) ? seal : oldSeal).seal(id, plaintext);
				return java.util.Arrays.equals(seal.open(id, sealed), plaintext)
						&& seal.open(SessionIds.random(), sealed) == null;
			})
			.sequential()
			.collectList()
			.block();

		assertThat(opened).hasSize(2000).containsOnly(true);
	}

	@Test
	void sealWhenSealedTwiceThenCiphertextsDiffer() {
		TokenSeal seal = new TokenSeal(List.of(this.k1));
		SessionId id = SessionIds.random();

		assertThat(seal.seal(id, this.secret)).isNotEqualTo(seal.seal(id, this.secret));
	}

	@Test
	void constructorWhenKeyIsNot32BytesThenFailsNamingTheKeyOnly() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new TokenSeal(List.of(new SessionProperties.SealingKey("short", "c2hvcnQ="))))
			.withMessageContaining("short")
			.withMessageNotContaining("c2hvcnQ=");
	}

}
