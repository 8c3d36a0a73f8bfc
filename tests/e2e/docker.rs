//! No Docker engine runs here, so the compose file is checked by reading it.

use yaml_rust2::{Yaml, YamlLoader};

use crate::harness::repository_root;

fn compose() -> Yaml {
    let text = std::fs::read_to_string(repository_root().join("docker/compose.yaml"))
        .expect("docker/compose.yaml");
    YamlLoader::load_from_str(&text)
        .expect("docker/compose.yaml is YAML")
        .remove(0)
}

#[test]
fn compose_runs_postgres_and_hearth_serve_against_it() {
    let compose = compose();
    let services = &compose["services"];
    assert!(
        services["postgres"]["image"]
            .as_str()
            .expect("an image")
            .starts_with("postgres:")
    );
    let hearth = &services["hearth"];
    assert_eq!(hearth["command"][0].as_str(), Some("serve"));
    let url = hearth["environment"]["HEARTH_DATABASE_URL"]
        .as_str()
        .expect("a database URL");
    assert!(
        url.starts_with("postgres://") && url.contains("@postgres:"),
        "{url}"
    );
    assert_eq!(
        hearth["depends_on"]["postgres"]["condition"].as_str(),
        Some("service_healthy"),
        "hearth waits until PostgreSQL answers"
    );
    assert!(
        services["postgres"]["healthcheck"]["test"]
            .as_vec()
            .is_some()
    );
}

#[test]
fn compose_runs_meilisearch_pinned_to_the_tested_major_version_and_hearth_uses_it() {
    let compose = compose();
    let services = &compose["services"];
    let meilisearch = &services["meilisearch"];
    assert_eq!(
        meilisearch["image"].as_str(),
        Some("getmeili/meilisearch:v1.50")
    );
    let key = meilisearch["environment"]["MEILI_MASTER_KEY"]
        .as_str()
        .expect("a master key");
    let hearth = &services["hearth"];
    assert_eq!(
        hearth["environment"]["HEARTH_MEILISEARCH_URL"].as_str(),
        Some("http://meilisearch:7700")
    );
    assert_eq!(
        hearth["environment"]["HEARTH_MEILISEARCH_KEY"].as_str(),
        Some(key),
        "hearth holds the key Meilisearch was started with"
    );
    assert_eq!(
        hearth["depends_on"]["meilisearch"]["condition"].as_str(),
        Some("service_healthy"),
        "hearth waits until Meilisearch answers"
    );
    assert!(meilisearch["healthcheck"]["test"].as_vec().is_some());
}

#[test]
fn the_image_runs_hearth_as_a_user_other_than_root() {
    let dockerfile = std::fs::read_to_string(repository_root().join("docker/Dockerfile"))
        .expect("docker/Dockerfile");
    let (_, final_stage) = dockerfile.rsplit_once("\nFROM ").expect("stages");
    let user = final_stage
        .lines()
        .filter_map(|line| line.trim().strip_prefix("USER "))
        .next_back()
        .expect("the final stage sets a USER");
    assert!(!["root", "0"].contains(&user.trim()), "runs as {user}");
    assert!(
        dockerfile.matches("FROM ").count() >= 3,
        "assets, build and runtime stages"
    );
}

#[test]
fn the_image_and_compose_set_only_real_settings() {
    let dockerfile = std::fs::read_to_string(repository_root().join("docker/Dockerfile"))
        .expect("docker/Dockerfile");
    let compose = compose();
    let compose_names = compose["services"]["hearth"]["environment"]
        .as_hash()
        .expect("an environment")
        .keys()
        .filter_map(|key| key.as_str().map(str::to_owned));
    let dockerfile_names = dockerfile
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|word| word.starts_with("HEARTH_"))
        .map(str::to_owned);
    for name in compose_names.chain(dockerfile_names) {
        let setting = name.trim_start_matches("HEARTH_").to_ascii_lowercase();
        assert!(
            hearth::config::SETTINGS.contains(&setting.as_str()),
            "{name} is not a setting"
        );
    }
}
