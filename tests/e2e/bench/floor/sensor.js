// The floor's sensor (worker.js): one query.
(() => (document.querySelector('input[type=password]') !== null ? 'login' : undefined))();
