package dev.eofpool.transport.internal.dial;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dial plan with literal times: round robin over healthy addresses, recently failed ones last until their memory
 * expires, IPv6 and IPv4 interleaved, and the absent-twice rule of DNS refresh.
 */
class AddressBookTest {

	private static final long SECOND = 1_000_000_000L;

	private final AddressBook book = new AddressBook();

	private static InetAddress a(String text) throws UnknownHostException {
		return InetAddress.getByName(text);
	}

	@Test
	void eachPlanStartsOneAddressFurther() throws Exception {
		List<InetAddress> all = List.of(a("10.0.0.1"), a("10.0.0.2"), a("10.0.0.3"));
		assertThat(this.book.plan(all, 0)).containsExactly(a("10.0.0.1"), a("10.0.0.2"), a("10.0.0.3"));
		assertThat(this.book.plan(all, 0)).containsExactly(a("10.0.0.2"), a("10.0.0.3"), a("10.0.0.1"));
		assertThat(this.book.plan(all, 0)).containsExactly(a("10.0.0.3"), a("10.0.0.1"), a("10.0.0.2"));
		assertThat(this.book.plan(all, 0)).containsExactly(a("10.0.0.1"), a("10.0.0.2"), a("10.0.0.3"));
	}

	@Test
	void aFailedAddressGoesLastUntilItsMemoryExpires() throws Exception {
		List<InetAddress> all = List.of(a("10.0.0.1"), a("10.0.0.2"));
		this.book.failed(a("10.0.0.1"), 0, 60 * SECOND);
		assertThat(this.book.plan(all, SECOND)).containsExactly(a("10.0.0.2"), a("10.0.0.1"));
		assertThat(this.book.plan(all, 2 * SECOND)).containsExactly(a("10.0.0.2"), a("10.0.0.1"));
		assertThat(this.book.failedAt(59 * SECOND)).containsExactly(a("10.0.0.1"));
		assertThat(this.book.failedAt(60 * SECOND)).isEmpty();
		// expired: back in the rotation
		assertThat(this.book.plan(all, 61 * SECOND)).hasSize(2).contains(a("10.0.0.1"), a("10.0.0.2"));
		assertThat(this.book.failedAt(61 * SECOND)).isEmpty();
	}

	@Test
	void aConnectClearsTheFailure() throws Exception {
		this.book.failed(a("10.0.0.1"), 0, 60 * SECOND);
		this.book.connected(a("10.0.0.1"));
		assertThat(this.book.failedAt(SECOND)).isEmpty();
	}

	@Test
	void zeroMemoryRemembersNothing() throws Exception {
		this.book.failed(a("10.0.0.1"), 0, 0);
		assertThat(this.book.failedAt(0)).isEmpty();
	}

	@Test
	void familiesAlternateStartingWithTheFirstAddresss() throws Exception {
		List<InetAddress> mixed = List.of(a("::1:1"), a("::1:2"), a("::1:3"), a("10.0.0.1"), a("10.0.0.2"));
		assertThat(AddressBook.interleave(mixed)).containsExactly(a("::1:1"), a("10.0.0.1"), a("::1:2"),
				a("10.0.0.2"), a("::1:3"));
		List<InetAddress> fourFirst = List.of(a("10.0.0.1"), a("::1:1"), a("::1:2"));
		assertThat(AddressBook.interleave(fourFirst)).containsExactly(a("10.0.0.1"), a("::1:1"), a("::1:2"));
	}

	@Test
	void anAddressIsRetiredOnlyWhenAbsentFromTwoAnswersInARow() throws Exception {
		InetAddress one = a("10.0.0.1");
		InetAddress two = a("10.0.0.2");
		InetAddress three = a("10.0.0.3");
		this.book.plan(List.of(one, two, three), 0);
		// a rotating answer: each address missing once, never twice in a row
		assertThat(this.book.answered(List.of(one, two))).isEmpty();
		assertThat(this.book.answered(List.of(two, three))).isEmpty();
		assertThat(this.book.answered(List.of(one, three))).isEmpty();
		assertThat(this.book.answered(List.of(one, two))).isEmpty();
		// gone for good
		assertThat(this.book.answered(List.of(one, two))).containsExactly(three);
		assertThat(this.book.answered(List.of(one, two))).isEmpty();
		// back again: live, and retired again only after two more absences
		assertThat(this.book.answered(List.of(one, two, three))).isEmpty();
		assertThat(this.book.answered(List.of(one, two))).isEmpty();
		assertThat(this.book.answered(List.of(one, two))).containsExactly(three);
	}

	@Test
	void refreshIsDueOnItsPeriod() throws Exception {
		assertThat(this.book.refreshDue(0)).isEqualTo(Long.MAX_VALUE);
		dev.eofpool.transport.Route route = dev.eofpool.transport.Route.of(java.net.URI.create("http://api/"));
		this.book.dialled(route, 0, 0);
		assertThat(this.book.refreshDue(0)).isEqualTo(Long.MAX_VALUE);
		this.book.dialled(route, SECOND, 0);
		assertThat(this.book.refreshDue(SECOND / 2)).isEqualTo(SECOND / 2);
		assertThat(this.book.refreshDue(SECOND)).isZero();
		assertThat(this.book.untilRefresh(SECOND)).isEqualTo(SECOND);
	}

}
