const build = require('./app');

const app = build();

app.listen({ port: Number(process.env.PORT) || 4000, host: '0.0.0.0' }).catch((err) => {
  app.log.error(err);
  process.exit(1);
});
