package dev.eofpool.testfixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Finds a JDK the way the build does, through Maven toolchains ({@code ~/.m2/toolchains.xml}, which {@code .ci/run}
 * writes when it is missing), so no test hard-codes where a JDK is installed.
 */
public final class Toolchains {

	private Toolchains() {
	}

	/** The home of the JDK whose toolchain provides this version, when {@code ~/.m2/toolchains.xml} names one. */
	public static Optional<Path> jdkHome(String version) {
		Path file = Path.of(System.getProperty("user.home"), ".m2", "toolchains.xml");
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try {
			DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
			factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
			Document document = factory.newDocumentBuilder().parse(file.toFile());
			NodeList toolchains = document.getElementsByTagName("toolchain");
			for (int i = 0; i < toolchains.getLength(); i++) {
				Element toolchain = (Element) toolchains.item(i);
				if ("jdk".equals(text(toolchain, "type")) && version.equals(text(toolchain, "version"))) {
					String home = text(toolchain, "jdkHome");
					if (home != null && Files.isExecutable(Path.of(home, "bin", "java"))) {
						return Optional.of(Path.of(home));
					}
				}
			}
			return Optional.empty();
		}
		catch (IOException | SAXException | ParserConfigurationException ex) {
			throw new IllegalStateException("Cannot read " + file + ": " + ex.getMessage(), ex);
		}
	}

	private static String text(Element parent, String tag) {
		NodeList nodes = parent.getElementsByTagName(tag);
		return (nodes.getLength() == 0) ? null : nodes.item(0).getTextContent().trim();
	}
}
