// Hand-kept copies of the AWS managed policies fleetwatch's roles reference. Only the statements the simulated
// calls can touch; the live documents are at https://docs.aws.amazon.com/aws-managed-policy/latest/reference/.
// A managed policy missing here is reported as a warning and left out of the simulation.

/** An IAM policy document as the simulator reads it. */
export interface PolicyDocument {
  Version?: string;
  Statement: Record<string, unknown>[] | Record<string, unknown>;
}

const allow = (Action: string[]): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action, Resource: "*" }],
});

/** Managed policies by ARN. */
export const MANAGED_POLICIES: Readonly<Record<string, PolicyDocument>> = {
  "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole": allow([
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
  ]),
  "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole": allow([
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
    "ec2:CreateNetworkInterface",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeSubnets",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
  ]),
  "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy": allow([
    "ecr:GetAuthorizationToken",
    "ecr:BatchCheckLayerAvailability",
    "ecr:GetDownloadUrlForLayer",
    "ecr:BatchGetImage",
    "logs:CreateLogStream",
    "logs:PutLogEvents",
  ]),
};
