package org.dosewarden.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The test cases of a Surefire report directory ({@code TEST-*.xml}). The build configures Surefire to write each
 * test's display name as its name (parameterised invocations: the method's display name followed by the
 * invocation's), which is where tests name the requirements and incidents they cover.
 */
final class TestReports {

    enum Result { PASSED, FAILED, SKIPPED }

    /**
     * @param className the test class, fully qualified
     * @param name      the display name as reported
     */
    record TestCase(String className, String name, Result result) {

        String simpleClassName() {
            return className.substring(className.lastIndexOf('.') + 1);
        }

        List<String> requirements() {
            return Requirements.idsIn(name);
        }

        /** The incident this test is the regression test of: its name starts {@code INCIDENT-n:}. */
        boolean isRegressionTestOf(String incident) {
            return name.startsWith(incident + ":");
        }
    }

    private TestReports() {
    }

    /**
     * Every test case in {@code directory}'s {@code TEST-*.xml} files, ordered by class and then as reported.
     *
     * @throws IOException when the directory or a report cannot be read or parsed (the message names the file)
     */
    static List<TestCase> read(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new IOException("no test report directory " + directory + " (run the test suite first)");
        }
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith("TEST-") && n.endsWith(".xml");
            }).sorted().toList();
        }
        DocumentBuilder parser = parser();
        List<TestCase> cases = new ArrayList<>();
        for (Path file : files) {
            Document document;
            try {
                document = parser.parse(file.toFile());
            } catch (SAXException e) {
                throw new IOException("test report " + file + " is not well-formed XML: " + e.getMessage(), e);
            }
            NodeList testcases = document.getElementsByTagName("testcase");
            for (int i = 0; i < testcases.getLength(); i++) {
                Element testcase = (Element) testcases.item(i);
                cases.add(new TestCase(testcase.getAttribute("classname"), testcase.getAttribute("name"), result(testcase)));
            }
        }
        return cases;
    }

    /** Passed unless the case has a failure, an error or a skip; a flaky pass (rerun) counts as passed. */
    private static Result result(Element testcase) {
        NodeList children = testcase.getChildNodes();
        Result result = Result.PASSED;
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child.getNodeType() != Node.ELEMENT_NODE) {
                continue;
            }
            switch (child.getNodeName()) {
                case "failure", "error" -> {
                    return Result.FAILED;
                }
                case "skipped" -> result = Result.SKIPPED;
                default -> {
                }
            }
        }
        return result;
    }

    private static DocumentBuilder parser() throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            // Reports are local files, but a parser that fetches DTDs or entities has no business here.
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IOException("no XML parser: " + e.getMessage(), e);
        }
    }
}
