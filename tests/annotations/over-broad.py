# verdict: unexpected exercise 4
from flask import Flask

app = Flask(__name__)

# ruleid: exercise
app.run(debug=True)

# ok: exercise
app.run(debug=False)
