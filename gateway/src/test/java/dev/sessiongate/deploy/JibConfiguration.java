package dev.sessiongate.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;

import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * The container settings of the Jib plugin in {@code gateway/pom.xml}, which the manifests must
 * repeat: user, ports, {@code JAVA_TOOL_OPTIONS}. {@code deploy/image/verify-image.sh} checks the
 * built image against the same values.
 */
record JibConfiguration(int uid, int gid, List<Integer> ports, String javaToolOptions) {

	private static final String CONTAINER = "//plugin[artifactId='jib-maven-plugin']/configuration/container/";

	static JibConfiguration read(Path pom) throws Exception {
		Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
		XPath xpath = XPathFactory.newInstance().newXPath();
		String[] user = xpath.evaluate(CONTAINER + "user", document).split(":");
		NodeList portNodes = (NodeList) xpath.evaluate(CONTAINER + "ports/port", document, XPathConstants.NODESET);
		List<Integer> ports = new ArrayList<>();
		for (int i = 0; i < portNodes.getLength(); i++) {
			ports.add(Integer.valueOf(portNodes.item(i).getTextContent().trim()));
		}
		String javaToolOptions = xpath.evaluate(CONTAINER + "environment/JAVA_TOOL_OPTIONS", document);
		return new JibConfiguration(Integer.parseInt(user[0]), Integer.parseInt(user[1]), ports, javaToolOptions);
	}

}
