/**
 * A secret handed to a task: the sst.Secret's value in an SSM SecureString parameter, injected by ECS at
 * start (never written into a task definition); the task's execution role may read only this parameter.
 */
export function taskSecretParameter(name: string, secret: sst.Secret): aws.ssm.Parameter {
  return new aws.ssm.Parameter(`${name}Parameter`, {
    name: `/fleetwatch/${$app.stage}/${name}`,
    type: "SecureString",
    value: secret.value,
    description: `fleetwatch ${name}, from sst secret ${name}`,
  });
}
