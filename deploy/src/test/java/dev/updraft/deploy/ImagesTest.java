package dev.updraft.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.updraft.deploy.policy.DockerfileCheck;
import dev.updraft.deploy.policy.UpdraftServices;
import dev.updraft.deploy.policy.Workload;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The images the manifests name are built from the services' Dockerfiles, and fit the pod specs. */
class ImagesTest {

    @Test
    void everyServiceImageHasDockerfilesThatFitThePodSpec() {
        Path root = Overlays.deployDir().getParent();
        int checked = 0;
        for (Workload w : Workload.all(Overlays.typed("overlays/production"))) {
            for (var c : w.template().getSpec().getContainers()) {
                var service = UpdraftServices.forContainer(c.getName());
                if (service.isEmpty()) {
                    continue;
                }
                // The image name is the module name, so a reader finds the Dockerfile from the manifest.
                assertThat(c.getImage()).startsWith("updraft/" + service.get().module() + ":");
                int port = c.getPorts().get(0).getContainerPort();
                assertThat(port).isEqualTo(service.get().port());
                assertThat(DockerfileCheck.violations(root.resolve(service.get().module()).resolve("src/main/docker"), port))
                        .as(service.get().module())
                        .isEmpty();
                checked++;
            }
        }
        assertThat(checked).isEqualTo(3);
    }

    @Test
    void aDockerfileThatRunsAsANamedUserOnAnotherPortFails() {
        Path bad = Overlays.deployDir().resolve("src/test/resources/fixtures/docker-bad");
        List<String> violations = DockerfileCheck.violations(bad, 8080);
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("Dockerfile.jvm: final USER is jboss"));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("Dockerfile.jvm: does not EXPOSE 8080"));
        assertThat(violations).anySatisfy(v -> assertThat(v).contains("Dockerfile.native-micro: missing"));
    }
}
