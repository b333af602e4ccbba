package com.partner.comptappart.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.Phases;
import org.codehaus.groovy.control.SourceUnit;
import org.junit.jupiter.api.Test;

/**
 * The Jenkinsfile is Groovy that no build here runs: parse it with the Groovy compiler, and check
 * that CI tests the way the README tells a developer to, with no Maven call the README does not
 * name.
 */
public class JenkinsfileTest {

  static String readmeTestCommand() throws IOException {
    Matcher command =
        Pattern.compile("# Run the whole test suite[^\\n]*\\n(mvn [^\\n]+)")
            .matcher(Files.readString(Path.of("README.md")));
    assertTrue(command.find(), "README.md names no test command");
    return command.group(1).strip();
  }

  /** Every shell line of every {@code sh} step, as the compiler reads the file. */
  static List<String> shellLines() throws IOException {
    List<String> lines = new ArrayList<>();
    for (String script : shellScripts()) {
      for (String line : script.split("\\n")) {
        if (!line.isBlank()) {
          lines.add(line.strip());
        }
      }
    }
    return lines;
  }

  /** The script of the deployment stage's {@code sh} step, as Jenkins hands it to the shell. */
  public static String deploymentScript() throws IOException {
    return shellScripts().stream()
        .filter(script -> script.contains("server-config/deploy.sh"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the Jenkinsfile runs no server-config/deploy.sh"));
  }

  /** The text of every {@code sh} step, as the compiler reads the file. */
  static List<String> shellScripts() throws IOException {
    CompilationUnit unit = new CompilationUnit();
    SourceUnit source = unit.addSource("Jenkinsfile", Files.readString(Path.of("Jenkinsfile")));
    unit.compile(Phases.CONVERSION);
    List<String> scripts = new ArrayList<>();
    CodeVisitorSupport collector =
        new CodeVisitorSupport() {
          @Override
          public void visitMethodCallExpression(MethodCallExpression call) {
            if (call.getMethodAsString().equals("sh")
                && call.getArguments() instanceof ArgumentListExpression arguments) {
              for (Expression argument : arguments.getExpressions()) {
                if (argument instanceof ConstantExpression text) {
                  scripts.add(text.getText());
                }
              }
            }
            super.visitMethodCallExpression(call);
          }
        };
    // The pipeline block, and the helper methods it calls (deployTo).
    source.getAST().getStatementBlock().visit(collector);
    source.getAST().getMethods().forEach(method -> method.getCode().visit(collector));
    return scripts;
  }

  @Test
  void jenkinsfileParsesAndRunsTheReadmeTestCommand() throws IOException {
    List<String> maven = shellLines().stream().filter(line -> line.startsWith("mvn")).toList();

    assertFalse(maven.isEmpty(), "the pipeline runs no Maven build");
    assertTrue(maven.contains(readmeTestCommand()), maven + " lacks " + readmeTestCommand());
  }

  @Test
  void everyMavenCallOfThePipelineIsOneTheReadmeTells() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    List<String> calls = shellLines().stream().filter(line -> line.startsWith("mvn")).toList();
    assertFalse(calls.isEmpty(), "the pipeline runs no Maven command");
    for (String call : calls) {
      assertTrue(readme.contains("\n" + call + "\n"), call + " is not a command of README.md");
    }
  }

  @Test
  void theDeploymentStageRunsTheProcedureOfTheReadme() throws IOException {
    assertTrue(deploymentScript().contains("server-config/deploy.sh \"$ENVIRONMENT\" \"$WAR\""));
    assertTrue(
        Files.readString(Path.of("src/site/markdown/deploy-payara-server.md"))
            .contains("server-config/deploy.sh staging"));
  }

  @Test
  void deploymentsUseJenkinsCredentialsNotLiteralPasswords() throws IOException {
    String pipeline = Files.readString(Path.of("Jenkinsfile"));
    assertTrue(pipeline.contains("deployTo('staging', env.STAGING_ADMIN_HOST"));
    assertTrue(
        pipeline.contains("env.STAGING_HTTP_URL, 'payara-staging-admin', env.STAGING_LOG_FORMAT,"));
    assertTrue(pipeline.contains("\"ADMIN_CERT_SHA256=${adminCertSha256}\""));
    assertTrue(pipeline.contains("deployTo('production', env.PRODUCTION_ADMIN_HOST"));
    assertTrue(
        pipeline.contains(
            "env.PRODUCTION_HTTP_URL, 'payara-production-admin', env.PRODUCTION_LOG_FORMAT,"));
    // Each environment can be a deployment group, deployed rolling (PayaraServerClusterIT).
    assertTrue(
        pipeline.contains(
            "[env.PRODUCTION_TARGET, env.PRODUCTION_PROXY_DRAIN, env.PRODUCTION_PROXY_RESTORE])"));
    assertTrue(pipeline.contains("\"TARGET=${rolling[0] ?: 'server'}\""));
    assertTrue(pipeline.contains("withCredentials([usernamePassword(credentialsId: credentialsId"));
    assertFalse(pipeline.matches("(?s).*AS_ADMIN_PASSWORD=[A-Za-z0-9].*"));
    assertTrue(pipeline.contains("input message:"), "production needs a manual approval");
  }
}
