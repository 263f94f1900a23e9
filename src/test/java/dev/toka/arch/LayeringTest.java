package dev.toka.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.toka.store.EventStore;
import dev.toka.store.ExpectedVersion;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import java.util.List;

/** The layering rules of the design, checked on the main classes. */
@AnalyzeClasses(packages = "dev.toka", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule agentNeverUsesOrchestration = noClasses()
            .that().resideInAPackage("dev.toka.agent..")
            .should().dependOnClassesThat().resideInAPackage("dev.toka.orchestration..")
            .because("the agent runtime and orchestration talk only through kernel operations and events");

    @ArchTest
    static final ArchRule orchestrationNeverUsesAgent = noClasses()
            .that().resideInAPackage("dev.toka.orchestration..")
            .should().dependOnClassesThat().resideInAPackage("dev.toka.agent..")
            .because("the agent runtime and orchestration talk only through kernel operations and events");

    @ArchTest
    static final ArchRule lowerLayersNeverUseAgentsOrOrchestration = noClasses()
            .that().resideInAnyPackage("dev.toka.kernel..", "dev.toka.store..", "dev.toka.bus..", "dev.toka.security..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.toka.agent..", "dev.toka.orchestration..")
            .because("layers depend downward only");

    @ArchTest
    static final ArchRule toolsStayBelowAgentsOrchestrationApiAndLlm = noClasses()
            .that().resideInAPackage("dev.toka.tools..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.toka.agent..", "dev.toka.orchestration..", "dev.toka.api..", "dev.toka.llm..")
            .because("tools are a layer the agent runtime and the API use, never the other way round");

    @ArchTest
    static final ArchRule llmNeverUsesUpperLayers = noClasses()
            .that().resideInAPackage("dev.toka.llm..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.toka.agent..", "dev.toka.orchestration..", "dev.toka.api..", "dev.toka.tools..")
            .because("the LLM gateway serves agents through its own interface and knows nothing above it");

    @ArchTest
    static final ArchRule lowerLayersNeverUseLlm = noClasses()
            .that().resideInAnyPackage("dev.toka.kernel..", "dev.toka.store..", "dev.toka.bus..", "dev.toka.security..")
            .should().dependOnClassesThat().resideInAPackage("dev.toka.llm..")
            .because("layers depend downward only: the policy decides on a ModelSpend, not on gateway types");

    @ArchTest
    static final ArchRule securityIsUsedThroughItsApiPackage = noClasses()
            .that().resideOutsideOfPackage("dev.toka.security..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.toka.security.*..")
            .because("other layers use the security layer through dev.toka.security; its subpackages are"
                    + " the implementation");

    @ArchTest
    static final ArchRule securityApiNeverUsesItsImplementation = noClasses()
            .that().resideInAPackage("dev.toka.security")
            .should().dependOnClassesThat().resideInAPackage("dev.toka.security.*..")
            .because("the implementation subpackages depend on the API package, never the other way round");

    @ArchTest
    static final ArchRule redactionIsTheBottomLayer = noClasses()
            .that().resideInAPackage("dev.toka.redaction..")
            .should().dependOnClassesThat().resideOutsideOfPackages("dev.toka.redaction..", "java..")
            .because("the one set of secret patterns sits below every layer that records text, and needs nothing");

    @ArchTest
    static final ArchRule layersAreFreeOfCycles = slices().matching("dev.toka.(*)..")
            .should().beFreeOfCycles()
            .because("layers depend downward only, so no two layers may reach each other");

    @ArchTest
    static final ArchRule storeIsTheBottomLayer = noClasses()
            .that().resideInAPackage("dev.toka.store..")
            .should().dependOnClassesThat(resideInAPackage("dev.toka.*..").and(not(resideInAPackage("dev.toka.store.."))))
            .because("the event log needs no other layer; it shares only the root package's utilities and exceptions");

    @ArchTest
    static final ArchRule onlyTheApiUsesReadModels = noClasses()
            .that().resideOutsideOfPackages("dev.toka.readmodel..", "dev.toka.api..", "dev.toka.console..")
            .should().dependOnClassesThat().resideInAPackage("dev.toka.readmodel..")
            .because("read models serve queries: the layers below decide on their own projections, never on tables"
                    + " that lag the log");

    @ArchTest
    static final ArchRule apiIsTheTopLayer = noClasses()
            .that().resideOutsideOfPackage("dev.toka.api..")
            .should().dependOnClassesThat().resideInAPackage("dev.toka.api..")
            .because("the REST API translates between HTTP and the layers below; nothing is built on it");

    @ArchTest
    static final ArchRule consoleIsATopLayerBesideTheApi = noClasses()
            .that().resideOutsideOfPackage("dev.toka.console..")
            .should().dependOnClassesThat().resideInAPackage("dev.toka.console..")
            .because("the web console sits beside the REST API at the top: it reads and acts through the layers"
                    + " below, with the same coordinator deciding, and nothing is built on it");

    @ArchTest
    static final ArchRule everyRouteSaysHowItsCallerIsAdmitted = methods()
            .that().areAnnotatedWith(GET.class).or().areAnnotatedWith(POST.class)
            .should().beAnnotatedWith("dev.toka.api.Guarded").orShould().beAnnotatedWith("dev.toka.api.Anonymous")
            .orShould().beAnnotatedWith("dev.toka.console.SignedIn").orShould().beAnnotatedWith("dev.toka.console.Public")
            .because("the caller is resolved in one place per face, CallerFilter for the API and ConsoleGate for the"
                    + " console, from the route's annotation");

    @ArchTest
    static final ArchRule onlyTheEventLogAppends = noClasses()
            .that().resideOutsideOfPackage("dev.toka.store..")
            .should().callMethod(EventStore.class, "append", String.class, ExpectedVersion.class, List.class)
            .orShould().callMethod(EventStore.class, "appendAsync", String.class, ExpectedVersion.class, List.class)
            .because("every layer appends through dev.toka.store.EventLog: one encoding under the declared type"
                    + " names, one way of building metadata");

    @ArchTest
    static final ArchRule commandLineNeedsNoContainer = noClasses()
            .that().resideInAPackage("dev.toka.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.toka.api..", "dev.toka.agent..",
                    "dev.toka.bus..", "dev.toka.security..", "dev.toka.console..", "io.quarkus..", "jakarta.inject..",
                    "jakarta.enterprise..")
            .because("client and offline commands run before Quarkus starts: HTTP, files and plain classes only "
                    + "(docs/cli.md)");

    @ArchTest
    static final ArchRule onlyTheEntryPointUsesTheCommandLine = noClasses()
            .that().resideOutsideOfPackage("dev.toka.cli..").and().doNotHaveFullyQualifiedName("dev.toka.TokaMain")
            .should().dependOnClassesThat().resideInAPackage("dev.toka.cli..")
            .because("the command line is a client of the service, not a part of it");
}
