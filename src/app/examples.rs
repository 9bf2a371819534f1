//! What the playground opens with, and the examples menu (the bundled pack).

use super::storage::Work;
use crate::bundled;

/// The first thing a visitor sees: a small Flask app and a rule that already hits.
pub const DEFAULT_RULE: &str = r#"rules:
  - id: flask-debug-mode
    pattern: $APP.run(..., debug=True, ...)
    message: >-
      The Werkzeug debugger is on: anyone who can trigger an error page can
      run Python on this server. Turn debug off outside local development.
    languages: [python]
    severity: WARNING
"#;

pub const DEFAULT_CODE: &str = r#"import os

from flask import Flask, request

app = Flask(__name__)


@app.route("/hello")
def hello():
    name = request.args.get("name", "world")
    return f"Hello, {name}!"


def run_local():
    # ruleid: flask-debug-mode
    app.run(host="127.0.0.1", port=5000, debug=True)


def run_from_env():
    # ok: flask-debug-mode
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")


if __name__ == "__main__":
    # ruleid: flask-debug-mode
    app.run(debug=True)
"#;

pub fn default_work() -> Work {
    Work { rule: DEFAULT_RULE.to_string(), code: DEFAULT_CODE.to_string(), simple: false }
}

/// One entry of the examples menu.
pub struct Example {
    pub id: &'static str,
    pub label: String,
}

pub fn examples() -> Vec<Example> {
    bundled::rules().iter().map(|r| Example { id: r.id, label: format!("{} · {}", r.category, r.id) }).collect()
}

/// An example's rule and its own test code.
pub fn example_work(id: &str) -> Option<Work> {
    let rule = bundled::rules().iter().find(|r| r.id == id)?;
    Some(Work { rule: rule.yaml.to_string(), code: rule.code.to_string(), simple: false })
}

/// Every bundled rule as one config, keeping the code.
pub fn pack_work(code: &str) -> Work {
    Work { rule: bundled::pack_yaml(), code: code.to_string(), simple: false }
}
