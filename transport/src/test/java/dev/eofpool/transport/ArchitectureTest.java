package dev.eofpool.transport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The transport's package structure, checked on its compiled main classes. The public API is
 * {@code dev.eofpool.transport} with {@code .tls} and {@code .proxy}; the implementation lives under
 * {@code dev.eofpool.transport.internal} in rooms whose arrows point one way: {@code io} at the bottom (sockets and
 * buffers), {@code http1} over it (framing), {@code pool} beside them on the API alone, {@code connection} on top
 * (it drives an exchange through the others). The Spring module's rule is in its own module
 * ({@code dev.eofpool.spring.ArchitectureTests}).
 */
class ArchitectureTest {

	private static final String API = "dev.eofpool.transport";

	private static final String TLS = "dev.eofpool.transport.tls";

	private static final String PROXY = "dev.eofpool.transport.proxy";

	private static final String INTERNAL = "dev.eofpool.transport.internal";

	/** What every room may use besides its own classes and the arrows below: the JDK. */
	private static final String[] JDK = { "java..", "javax.." };

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(API);

	/** One slice per internal room, plus tls and proxy; the API root package is not a slice (see below). */
	private static final SliceAssignment ROOMS = new SliceAssignment() {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
			String pkg = javaClass.getPackageName();
			if (pkg.startsWith(INTERNAL + ".")) {
				return SliceIdentifier.of("internal." + pkg.substring(INTERNAL.length() + 1).split("\\.")[0]);
			}
			if (pkg.equals(TLS) || pkg.equals(PROXY)) {
				return SliceIdentifier.of(pkg.substring(API.length() + 1));
			}
			return SliceIdentifier.ignore();
		}

		@Override
		public String getDescription() {
			return "the internal rooms, tls and proxy";
		}
	};

	@Test
	void noCyclesBetweenInternalRoomsTlsAndProxy() {
		slices().assignedFrom(ROOMS)
			.should()
			.beFreeOfCycles()
			.because("the rooms are layered one way; the API root package is left out on purpose: the facade"
					+ " (HttpTransport) constructs the internals, which in turn use the API's value types")
			.check(MAIN);
	}

	@Test
	void ioUsesNoHigherRoom() {
		noClasses().that()
			.resideInAPackage(INTERNAL + ".io..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(INTERNAL + ".http1..", INTERNAL + ".connection..", INTERNAL + ".pool..")
			.because("io is the bottom room: sockets, deadlines and buffered lines, nothing about HTTP or pooling")
			.check(MAIN);
	}

	@Test
	void http1UsesOnlyIoAndTheApi() {
		classes().that()
			.resideInAPackage(INTERNAL + ".http1..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage(concat(JDK, INTERNAL + ".http1..", INTERNAL + ".io..", API, PROXY))
			.because("http1 frames bytes it reads from io (and writes a proxy's credentials in an absolute-form request);"
					+ " it knows neither the connection's lifecycle nor the pool")
			.check(MAIN);
	}

	@Test
	void poolUsesOnlyTheApi() {
		classes().that()
			.resideInAPackage(INTERNAL + ".pool..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage(concat(JDK, INTERNAL + ".pool..", API))
			.because("the pool lends and takes back; it never reads a socket or parses HTTP")
			.check(MAIN);
	}

	@Test
	void dialUsesOnlyThePoolAndTheApi() {
		classes().that()
			.resideInAPackage(INTERNAL + ".dial..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage(concat(JDK, INTERNAL + ".dial..", INTERNAL + ".pool..", API))
			.because("dial turns a host into a connected socket (addresses, their order, the race) and tells the pool"
					+ " which addresses DNS retired; it knows nothing of HTTP or of the connection's life")
			.check(MAIN);
	}

	@Test
	void connectionUsesHttp1IoDialPoolAndTheApi() {
		classes().that()
			.resideInAPackage(INTERNAL + ".connection..")
			.should()
			.onlyDependOnClassesThat()
			.resideInAnyPackage(concat(JDK, "jdk.net..", INTERNAL + ".connection..", INTERNAL + ".http1..",
					INTERNAL + ".io..", INTERNAL + ".dial..", INTERNAL + ".pool..", API, TLS, PROXY))
			.because("a connection is a socket dialled by dial (with the JDK's extended socket options), speaking"
					+ " http1 over io, lent by the pool")
			.check(MAIN);
	}

	@Test
	void onlyTheFacadeAndTheHeaderValidationReachTheInternals() {
		DescribedPredicate<JavaClass> facade = DescribedPredicate.describe("HttpTransport or a class nested in it",
				(c) -> c.getName().equals(API + ".HttpTransport") || c.getName().startsWith(API + ".HttpTransport$"));
		DescribedPredicate<JavaClass> headerRules = DescribedPredicate.describe("http1's HeaderRules",
				(c) -> c.getName().equals(INTERNAL + ".http1.HeaderRules"));
		noClasses().that()
			.resideInAnyPackage(API, TLS, PROXY)
			.and(DescribedPredicate.not(facade))
			.should()
			.dependOnClassesThat(JavaClass.Predicates.resideInAPackage(INTERNAL + "..")
				.and(DescribedPredicate.not(headerRules)))
			.because("the facade HttpTransport constructs the internals (the only API class that may), and the"
					+ " request and header types validate names and values with http1's HeaderRules")
			.check(MAIN);
	}

	@Test
	void noInternalTypeInAPublicSignatureOfTheApi() {
		classes().that()
			.resideInAnyPackage(API, TLS, PROXY)
			.and()
			.arePublic()
			.should(exposeNoInternalType())
			.because("users see only the exported packages: a public or protected member, field or supertype that"
					+ " names an internal type would leak it")
			.check(MAIN);
	}

	@Test
	void noSynchronizedMethods() {
		noMethods().that()
			.areDeclaredInClassesThat()
			.resideInAPackage(API + "..")
			.should()
			.haveModifier(JavaModifier.SYNCHRONIZED)
			.because("a monitor held across a socket read or a pool wait pins a virtual thread's carrier on JDK 21-23:"
					+ " locks are ReentrantLock (see NoMonitorsOnBlockingPathsTest for synchronized blocks)")
			.check(MAIN);
	}

	@Test
	void noObjectWaitOrNotify() {
		noClasses().that()
			.resideInAPackage(API + "..")
			.should()
			.callMethodWhere(objectMonitorMethod())
			.because("Object.wait/notify need a monitor; waits use a ReentrantLock's Condition")
			.check(MAIN);
	}

	private static DescribedPredicate<JavaMethodCall> objectMonitorMethod() {
		Set<String> names = Set.of("wait", "notify", "notifyAll");
		return DescribedPredicate.describe("the target is Object.wait, notify or notifyAll", (call) -> {
			AccessTarget.MethodCallTarget target = call.getTarget();
			// these are final in Object: a call by one of these names and shapes can only land there
			int params = target.getRawParameterTypes().size();
			return names.contains(target.getName())
					&& (target.getName().equals("wait") ? params <= 2 : params == 0);
		});
	}

	private static ArchCondition<JavaClass> exposeNoInternalType() {
		return new ArchCondition<>("expose no internal type in a public or protected signature") {

			@Override
			public void check(JavaClass type, ConditionEvents events) {
				List<String> leaks = new ArrayList<>();
				type.getSuperclass().ifPresent((s) -> leak(leaks, "superclass", s));
				type.getInterfaces().forEach((i) -> leak(leaks, "interface", i));
				for (JavaField field : type.getFields()) {
					if (visible(field)) {
						leak(leaks, "field " + field.getName(), field.getType());
					}
				}
				for (JavaCodeUnit unit : type.getCodeUnits()) {
					if (visible(unit)) {
						String what = unit.getName() + "(...)";
						leak(leaks, what + " returns", unit.getReturnType());
						unit.getParameterTypes().forEach((p) -> leak(leaks, what + " takes", p));
						unit.getThrowsClause().getTypes().forEach((t) -> leak(leaks, what + " throws", t));
					}
				}
				for (String leak : leaks) {
					events.add(SimpleConditionEvent.violated(type, type.getName() + ": " + leak));
				}
			}
		};
	}

	private static boolean visible(JavaMember member) {
		Set<JavaModifier> modifiers = member.getModifiers();
		return (modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED))
				&& !modifiers.contains(JavaModifier.SYNTHETIC) && !modifiers.contains(JavaModifier.BRIDGE);
	}

	private static void leak(List<String> leaks, String where, JavaType type) {
		for (JavaClass raw : type.getAllInvolvedRawTypes()) {
			if (raw.getPackageName().startsWith(INTERNAL)) {
				leaks.add(where + " " + raw.getName());
			}
		}
	}

	private static String[] concat(String[] first, String... rest) {
		String[] all = new String[first.length + rest.length];
		System.arraycopy(first, 0, all, 0, first.length);
		System.arraycopy(rest, 0, all, first.length, rest.length);
		return all;
	}
}
