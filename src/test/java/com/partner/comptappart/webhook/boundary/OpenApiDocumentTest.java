package com.partner.comptappart.webhook.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import com.partner.comptappart.invoices.boundary.OpsInvoiceResource;
import com.partner.comptappart.orders.boundary.OpsOrderResource;
import com.partner.comptappart.personaldata.boundary.PersonalDataResource;
import com.partner.comptappart.platform.control.Rejection;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API description the server publishes at {@code /openapi} ({@code META-INF/openapi.yaml}, the
 * one source): valid OpenAPI 3, the contract's examples valid against its request schema and wrong
 * bodies not, every operation of the code described and nothing else, every refusal named.
 */
class OpenApiDocumentTest {

  static final String DOCUMENT = "META-INF/openapi.yaml";
  static final String WEBHOOK = "/api/comptappart/orders";

  static String text;
  static OpenAPI api;
  static JsonSchema notification;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void read() throws IOException {
    try (InputStream in =
        OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(DOCUMENT)) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(text, null, null);
    assertEquals(List.of(), parsed.getMessages(), "OpenAPI 3 validation messages");
    api = parsed.getOpenAPI();
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V4,
            builder ->
                builder
                    .metaSchema(OpenApi30.getInstance())
                    .defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));
    notification =
        factory.getSchema(
            SchemaLocation.of("classpath:" + DOCUMENT + "#/components/schemas/Notification"),
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
  }

  @Test
  void isOpenApi3WithTheWebhooksSecuritySchemes() {
    assertTrue(api.getOpenapi().startsWith("3.0."), api.getOpenapi());
    Map<String, SecurityScheme> schemes = api.getComponents().getSecuritySchemes();
    assertEquals(SecurityScheme.In.HEADER, schemes.get("apiKey").getIn());
    assertEquals("X-API-KEY", schemes.get("apiKey").getName());
    assertEquals("X-Qlower-Signature", schemes.get("qlowerSignature").getName());
    assertEquals(SecurityScheme.Type.HTTP, schemes.get("ops").getType());
    assertEquals("basic", schemes.get("ops").getScheme());
    Operation receive = api.getPaths().get(WEBHOOK).getPost();
    assertEquals(
        Set.of("apiKey", "qlowerSignature"),
        receive.getSecurity().stream()
            .flatMap(requirement -> requirement.keySet().stream())
            .collect(java.util.stream.Collectors.toSet()));
    operations()
        .filter(operation -> operation.path().startsWith("/api/ops/"))
        .forEach(
            operation ->
                assertEquals(
                    List.of(Map.of("ops", List.of())),
                    operation.operation().getSecurity().stream().map(Map::copyOf).toList(),
                    operation.path()));
  }

  @Test
  void describesEveryOperationOfTheCodeAndNoOther() {
    Set<String> inCode = new TreeSet<>();
    for (Class<?> resource :
        List.of(
            OrderWebhookResource.class,
            OpsDeliveryResource.class,
            OpsOrderResource.class,
            OpsInvoiceResource.class,
            PersonalDataResource.class,
            com.partner.comptappart.handlers.boundary.OpsHandlerRunResource.class,
            com.partner.comptappart.console.boundary.OverviewResource.class,
            com.partner.comptappart.console.boundary.IntegrationResource.class)) {
      String base = "/api/" + resource.getAnnotation(Path.class).value();
      for (Method method : resource.getDeclaredMethods()) {
        String verb =
            method.isAnnotationPresent(GET.class)
                ? "GET"
                : method.isAnnotationPresent(POST.class) ? "POST" : null;
        if (verb != null) {
          Path sub = method.getAnnotation(Path.class);
          inCode.add(verb + " " + base + (sub == null ? "" : "/" + sub.value()));
        }
      }
    }
    Set<String> documented = new TreeSet<>();
    operations().forEach(operation -> documented.add(operation.verb() + " " + operation.path()));
    assertEquals(inCode, documented);
  }

  @Test
  void answersEveryStatusOfTheReadmesTable() {
    var responses = api.getPaths().get(WEBHOOK).getPost().getResponses();
    assertEquals(
        new TreeSet<>(
            List.of("200", "202", "400", "401", "405", "408", "413", "415", "422", "500", "503")),
        new TreeSet<>(responses.keySet()));
    assertTrue(responses.get("503").getHeaders().containsKey("Retry-After"));
    responses.forEach(
        (status, response) ->
            assertTrue(
                response.getContent().get("application/json").getSchema().get$ref() != null,
                status + " has a JSON body"));
  }

  @Test
  void namesEveryRefusalAndEveryErrorTheServerAnswersItself() throws IOException {
    for (Rejection rejection : Rejection.values()) {
      assertTrue(text.contains("`" + rejection.code() + "`"), rejection.code());
    }
    try (Stream<java.nio.file.Path> pages = Files.list(Paths.get("src/main/webapp/errors"))) {
      for (java.nio.file.Path page : pages.toList()) {
        String code = JSON.readTree(page.toFile()).get("error").asText();
        assertTrue(text.contains("`" + code + "`"), code + " of " + page.getFileName());
      }
    }
    assertTrue(text.contains("`database_unavailable`"));
    assertTrue(text.contains("`internal_error`"));
  }

  @Test
  void theContractsExamplesAreValidNotifications() throws IOException {
    Map<String, Example> examples =
        api.getPaths()
            .get(WEBHOOK)
            .getPost()
            .getRequestBody()
            .getContent()
            .get("application/json")
            .getExamples();
    assertEquals(Set.of("revision-2.1", "revision-2.2", "ping"), examples.keySet());
    for (var example : examples.entrySet()) {
      assertValid(JSON.valueToTree(example.getValue().getValue()), example.getKey());
    }
    for (String file : List.of("contract-2.1-example.json", "contract-2.2-example.json")) {
      assertValid(contractExample(file), file);
    }
  }

  @Test
  void wrongBodiesAreNotValidNotifications() throws IOException {
    ObjectNode noEmail = contractExample("contract-2.1-example.json");
    ((ObjectNode) noEmail.get("customer")).remove("email");
    ObjectNode noQuantity = contractExample("contract-2.1-example.json");
    ((ObjectNode) noQuantity.get("order").get("products").get(0)).put("quantity", 0);
    ObjectNode textAmount = contractExample("contract-2.2-example.json");
    ((ObjectNode) textAmount.get("order")).put("total_amount", "238.80");
    ObjectNode badTimestamp = contractExample("contract-2.2-example.json");
    badTimestamp.put("timestamp", "02/04/2026 14:05");
    ObjectNode noEventId = contractExample("contract-2.2-example.json");
    noEventId.remove("event_id");
    for (ObjectNode wrong : List.of(noEmail, noQuantity, textAmount, badTimestamp, noEventId)) {
      assertFalse(notification.validate(wrong).isEmpty(), wrong.toString());
    }
  }

  private static void assertValid(JsonNode body, String name) {
    Set<ValidationMessage> errors = notification.validate(body);
    assertEquals(Set.of(), errors, name);
  }

  private static ObjectNode contractExample(String file) throws IOException {
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/notifications/" + file)) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  record DocumentedOperation(String verb, String path, Operation operation) {}

  private static Stream<DocumentedOperation> operations() {
    return api.getPaths().entrySet().stream()
        .flatMap(
            entry -> {
              PathItem item = entry.getValue();
              return item.readOperationsMap().entrySet().stream()
                  .map(
                      operation ->
                          new DocumentedOperation(
                              operation.getKey().name(), entry.getKey(), operation.getValue()));
            });
  }
}
