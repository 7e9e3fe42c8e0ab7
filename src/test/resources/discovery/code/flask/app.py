from flask import Flask, Blueprint, jsonify

app = Flask(__name__)
api = Blueprint('api', __name__, url_prefix='/api')
admin = Blueprint("admin", __name__)


@app.route('/')
def index():
    return 'home'


@app.route('/login', methods=['GET', 'POST'])
def login():
    return 'login'


@api.route('/orders/<int:order_id>')
def order(order_id):
    return jsonify({})


@api.get('/orders')
def orders():
    return jsonify([])


@api.delete('/orders/<order_id>')
def delete_order(order_id):
    return '', 204


# @app.route('/old')
@admin.route('/stats', methods=("GET",))
def stats():
    return jsonify({})


app.register_blueprint(api)
app.register_blueprint(admin, url_prefix='/admin')
