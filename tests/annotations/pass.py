# verdict: pass
from flask import Flask

app = Flask(__name__)

# ruleid: exercise
app.run(debug=True)

# An annotation trailing code applies to the line after it, as in semgrep --test.
print("starting")  # ruleid: exercise
app.run(port=5000, debug=True)

# ok: exercise
app.run(debug=False)
