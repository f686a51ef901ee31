//! The real WordPress that `scripts/wordpress.sh run` started, driven
//! through its REST API as its editor would: shared by the following tests
//! and the following bench (which includes this file by path).

use serde_json::Value;

pub struct WordPress {
    pub url: String,
    pub user: String,
    pub password: String,
    /// The WordPress install's folder, for `wp-cli`-free PHP scripts.
    pub site: String,
    pub http: reqwest::Client,
}

impl WordPress {
    pub fn from_env() -> WordPress {
        let var = |name: &str| {
            std::env::var(name).unwrap_or_else(|_| {
                panic!("{name} is not set: run under `bash scripts/wordpress.sh run` (make test and make bench do)")
            })
        };
        WordPress {
            url: var("GOVBLOG_TEST_WORDPRESS_URL"),
            user: var("GOVBLOG_TEST_WORDPRESS_USER"),
            password: var("GOVBLOG_TEST_WORDPRESS_APP_PASSWORD"),
            site: var("GOVBLOG_TEST_WORDPRESS_SITE"),
            http: reqwest::Client::new(),
        }
    }

    /// What a server following this WordPress is started with.
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("GOVBLOG_WORDPRESS_URL", self.url.clone()),
            ("GOVBLOG_WORDPRESS_USER", self.user.clone()),
            ("GOVBLOG_WORDPRESS_APP_PASSWORD", self.password.clone()),
        ]
    }

    /// An author's change: `POST /wp-json/wp/v2/{route}`.
    pub async fn send(&self, route: &str, body: Value) -> Value {
        let r = self
            .http
            .post(format!("{}/wp-json/wp/v2/{route}", self.url))
            .basic_auth(&self.user, Some(&self.password))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let answer: Value = r.json().await.unwrap();
        assert!(status.is_success(), "WordPress refused {route}: {status} {answer}");
        answer
    }

    /// Deleted for good: `DELETE /wp-json/wp/v2/{route}?force=true`.
    pub async fn delete(&self, route: &str) {
        let r = self
            .http
            .delete(format!("{}/wp-json/wp/v2/{route}?force=true", self.url))
            .basic_auth(&self.user, Some(&self.password))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "WordPress refused to delete {route}: {}", r.status());
    }
}
