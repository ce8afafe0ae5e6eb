"""The editors' morning review web app (``xuanti review``): ranked topics, decisions, exports, retraining."""
