// ward page: see ward/*.js
