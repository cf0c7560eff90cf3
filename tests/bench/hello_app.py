"""The baseline: a bare Flask "hello" app, served by the same gunicorn settings as Kith."""

from flask import Flask

app = Flask("hello")


@app.get("/")
def hello():
    return "hello"
