package dev.sessiongate.session.cache;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which reads may enter the near cache when they race the changes heard on the
 * invalidation channel: the orderings are forced by calling in turn what the read and the
 * channel would do.
 */
class FillGuardTests {

	private FillGuard guard;

	@BeforeEach
	void trusted() {
		this.guard = new FillGuard(100);
		this.guard.trust();
	}

	@Test
	void admitsWhenNoChangeWasHeardThenTrue() {
		FillGuard.Ticket read = this.guard.begin("tag");

		assertThat(this.guard.admits(read, 1)).isTrue();
	}

	@Test
	void admitsWhenAChangeWasHeardDuringTheReadAndItFoundTheOlderVersionThenFalse() {
		FillGuard.Ticket read = this.guard.begin("tag");
		this.guard.fence("tag", 2);

		assertThat(this.guard.admits(read, 1)).isFalse();
		assertThat(this.guard.admits(read, 2)).as("it read the change itself").isTrue();
	}

	@Test
	void admitsWhenTheChangeWasHeardBeforeTheReadBeganThenTrue() {
		this.guard.fence("tag", 2);
		FillGuard.Ticket read = this.guard.begin("tag");

		assertThat(this.guard.admits(read, 2)).isTrue();
	}

	@Test
	void admitsWhenAnotherSessionChangedDuringTheReadThenTrue() {
		FillGuard.Ticket read = this.guard.begin("tag");
		this.guard.fence("other", 7);

		assertThat(this.guard.admits(read, 1)).isTrue();
	}

	@Test
	void admitsWhenTheSessionEndedDuringTheReadThenFalseWhateverItRead() {
		FillGuard.Ticket read = this.guard.begin("tag");
		this.guard.fence("tag", dev.sessiongate.session.SessionChange.ENDED);

		assertThat(this.guard.admits(read, 41)).isFalse();
	}

	@Test
	void admitsWhenTwoChangesWereHeardThenTheNewerVersionCounts() {
		FillGuard.Ticket read = this.guard.begin("tag");
		this.guard.fence("tag", 3);
		this.guard.fence("tag", 2);

		assertThat(this.guard.admits(read, 2)).isFalse();
		assertThat(this.guard.admits(read, 3)).isTrue();
	}

	@Test
	void admitsWhenTheChannelWasLostDuringTheReadThenFalseEvenOnceItIsBack() {
		FillGuard.Ticket read = this.guard.begin("tag");
		this.guard.distrust();
		assertThat(this.guard.admits(read, 1)).isFalse();

		this.guard.trust();

		assertThat(this.guard.admits(read, 1)).isFalse();
		assertThat(this.guard.admits(this.guard.begin("tag"), 1)).as("a read after the return").isTrue();
	}

	@Test
	void admitsWhenFencesOverflowedDuringTheReadThenFalse() {
		FillGuard small = new FillGuard(2);
		small.trust();
		FillGuard.Ticket read = small.begin("tag");

		for (int i = 0; i < 50; i++) {
			small.fence("other-" + i, 2);
		}
		small.fence("tag", 2);
		for (int i = 50; i < 100; i++) {
			small.fence("other-" + i, 2);
		}
		small.cleanUp();

		// It read the version the fence names, but that fence may be among those pushed out.
		assertThat(small.admits(read, 2)).isFalse();
	}

	@Test
	void distrustWhenTrustedThenTrueOnlyTheFirstTime() {
		assertThat(this.guard.distrust()).isTrue();
		assertThat(this.guard.distrust()).isFalse();
		assertThat(this.guard.trusted()).isFalse();
	}

}
