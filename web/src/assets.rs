//! The page assets: GOV.UK Frontend's script and Hearth's stylesheet (built
//! from the Frontend's Sass by `npm run build` in `web/`), and Hearth's own
//! small files. Each is served under a name carrying a hash of its content,
//! so browsers may keep it for a year and still see every change at once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub const URL_PREFIX: &str = "/assets/";

#[derive(Debug, thiserror::Error)]
#[error("cannot read the page asset {path}: {source}")]
pub struct AssetsError {
    path: PathBuf,
    source: std::io::Error,
}

pub struct StaticFile {
    pub body: Vec<u8>,
    pub content_type: &'static str,
}

/// Where each asset is, for the layout.
#[derive(Clone, Debug)]
pub struct AssetUrls {
    pub css: String,
    pub body_start_js: String,
    pub init_module: String,
    pub favicon: String,
}

pub struct Assets {
    files: HashMap<String, StaticFile>,
    pub urls: AssetUrls,
}

impl Assets {
    /// Reads the built assets from `dir` (normally `web/dist`).
    pub fn load(dir: &Path) -> Result<Self, AssetsError> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|source| AssetsError { path, source })
        };
        let mut assets = Self {
            files: HashMap::new(),
            urls: AssetUrls {
                css: String::new(),
                body_start_js: String::new(),
                init_module: String::new(),
                favicon: String::new(),
            },
        };
        assets.urls.css = assets.add("hearth", "css", read("hearth.css")?);
        let govuk = assets.add("govuk-frontend", "mjs", read("govuk-frontend.min.js")?);
        let timeout = assets.add(
            "timeout-warning",
            "mjs",
            include_bytes!("../static/timeout-warning.mjs").to_vec(),
        );
        let fresh = assets.add(
            "fresh-token",
            "mjs",
            include_bytes!("../static/fresh-token.mjs").to_vec(),
        );
        let init = format!(
            "import {{ initAll }} from \"{govuk}\";\nimport {{ startTimeoutWarning }} from \"{timeout}\";\nimport {{ keepFormTokensFresh }} from \"{fresh}\";\ninitAll();\nstartTimeoutWarning();\nkeepFormTokensFresh();\n"
        );
        assets.urls.init_module = assets.add("init", "mjs", init.into_bytes());
        assets.urls.body_start_js = assets.add(
            "body-start",
            "js",
            include_bytes!("../static/body-start.js").to_vec(),
        );
        assets.urls.favicon = assets.add(
            "favicon",
            "svg",
            include_bytes!("../static/favicon.svg").to_vec(),
        );
        Ok(assets)
    }

    fn add(&mut self, stem: &str, extension: &str, body: Vec<u8>) -> String {
        let hash = format!("{:x}", Sha256::digest(&body));
        let name = format!("{stem}-{}.{extension}", &hash[..12]);
        let content_type = match extension {
            "css" => "text/css; charset=utf-8",
            "js" | "mjs" => "text/javascript; charset=utf-8",
            "svg" => "image/svg+xml",
            _ => "application/octet-stream",
        };
        self.files
            .insert(name.clone(), StaticFile { body, content_type });
        format!("{URL_PREFIX}{name}")
    }

    pub fn get(&self, name: &str) -> Option<&StaticFile> {
        self.files.get(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_dir(css: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temporary directory");
        std::fs::write(dir.path().join("hearth.css"), css).expect("write css");
        std::fs::write(
            dir.path().join("govuk-frontend.min.js"),
            "export function initAll(){}",
        )
        .expect("write js");
        dir
    }

    #[test]
    fn a_changed_file_gets_a_new_url() {
        let before = Assets::load(built_dir("body{}").path()).expect("loads");
        let after = Assets::load(built_dir("body{color:red}").path()).expect("loads");
        assert_ne!(before.urls.css, after.urls.css);
        assert_eq!(before.urls.favicon, after.urls.favicon);
    }

    #[test]
    fn the_init_module_imports_the_frontend_by_its_hashed_url() {
        let assets = Assets::load(built_dir("body{}").path()).expect("loads");
        let name = assets.urls.init_module.trim_start_matches(URL_PREFIX);
        let init =
            String::from_utf8(assets.get(name).expect("served").body.clone()).expect("utf-8");
        assert!(init.contains("/assets/govuk-frontend-"), "{init}");
    }

    #[test]
    fn a_missing_build_names_the_file_it_needed() {
        let dir = tempfile::tempdir().expect("temporary directory");
        let error = Assets::load(dir.path()).err().expect("nothing was built");
        assert!(error.to_string().contains("hearth.css"), "{error}");
    }
}
