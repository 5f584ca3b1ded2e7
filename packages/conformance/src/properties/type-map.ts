/**
 * Pulumi's AWS types and input names mapped to CloudFormation's, kept as data. An input maps to the CloudFormation
 * property of the same name in PascalCase unless `properties` says otherwise; an input that maps to nothing is left
 * unchecked.
 */

const CFN_DOCS = "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference";

export interface TypeMapping {
  cfnType: string;
  /** The CloudFormation reference page of the type. */
  docUrl: string;
  /**
   * Where the Pulumi resource sits inside the CloudFormation type when CloudFormation models it as a property
   * (an S3 bucket's lifecycle rules are `AWS::S3::Bucket.LifecycleConfiguration`).
   */
  within?: string;
  /**
   * Pulumi input paths (names joined by `.`, no indices) mapped to CloudFormation property paths from the type's
   * root; `null` where the two differ in shape or meaning, so that comparing them would report nonsense.
   */
  properties?: Readonly<Record<string, string | null>>;
  /** Inputs that hold a JSON document as text, checked as that document (ECS container definitions). */
  jsonText?: readonly string[];
  /**
   * The resource is written in CloudFormation's own terms (a template's resource): a property the schema lacks is
   * a mistake, a required one must be there, and intrinsic functions (`{ "Fn::Sub": ... }`) are left unchecked.
   */
  strict?: boolean;
}

const page = (slug: string) => `${CFN_DOCS}/aws-resource-${slug}.html`;

export const PULUMI_TO_CFN: Readonly<Record<string, TypeMapping>> = {
  "aws:appautoscaling/policy:Policy": {
    cfnType: "AWS::ApplicationAutoScaling::ScalingPolicy",
    docUrl: page("applicationautoscaling-scalingpolicy"),
    properties: { name: "PolicyName" },
  },
  "aws:appautoscaling/target:Target": {
    cfnType: "AWS::ApplicationAutoScaling::ScalableTarget",
    docUrl: page("applicationautoscaling-scalabletarget"),
  },
  "aws:cloudformation/stackSet:StackSet": {
    cfnType: "AWS::CloudFormation::StackSet",
    docUrl: page("cloudformation-stackset"),
    // Pulumi's `parameters` is a map, CloudFormation's a list of key-value pairs.
    properties: { name: "StackSetName", administrationRoleArn: "AdministrationRoleARN", parameters: null },
  },
  "aws:cloudwatch/eventBusPolicy:EventBusPolicy": {
    cfnType: "AWS::Events::EventBusPolicy",
    docUrl: page("events-eventbuspolicy"),
    // Pulumi takes the whole policy document; CloudFormation one statement (checked as IAM).
    properties: { policy: null },
  },
  "aws:cloudwatch/eventRule:EventRule": {
    cfnType: "AWS::Events::Rule",
    docUrl: page("events-rule"),
    properties: { namePrefix: null, isEnabled: null },
  },
  "aws:cloudwatch/eventTarget:EventTarget": {
    cfnType: "AWS::Events::Rule",
    docUrl: page("events-rule"),
    within: "Targets",
    // The rule's name and the target's id are separate Pulumi inputs; CloudFormation nests targets in the rule.
    properties: { rule: null, targetId: "Targets.Id", eventBusName: "EventBusName" },
  },
  "aws:cloudwatch/logGroup:LogGroup": {
    cfnType: "AWS::Logs::LogGroup",
    docUrl: page("logs-loggroup"),
    properties: { name: "LogGroupName", namePrefix: null },
  },
  "aws:ec2/eip:Eip": { cfnType: "AWS::EC2::EIP", docUrl: page("ec2-eip") },
  "aws:ec2/internetGateway:InternetGateway": {
    cfnType: "AWS::EC2::InternetGateway",
    docUrl: page("ec2-internetgateway"),
  },
  "aws:ec2/natGateway:NatGateway": { cfnType: "AWS::EC2::NatGateway", docUrl: page("ec2-natgateway") },
  "aws:ec2/routeTable:RouteTable": { cfnType: "AWS::EC2::RouteTable", docUrl: page("ec2-routetable") },
  "aws:ec2/routeTableAssociation:RouteTableAssociation": {
    cfnType: "AWS::EC2::SubnetRouteTableAssociation",
    docUrl: page("ec2-subnetroutetableassociation"),
  },
  "aws:ec2/securityGroup:SecurityGroup": {
    cfnType: "AWS::EC2::SecurityGroup",
    docUrl: page("ec2-securitygroup"),
    properties: {
      description: "GroupDescription",
      name: "GroupName",
      namePrefix: "GroupName",
      ingress: "SecurityGroupIngress",
      egress: "SecurityGroupEgress",
      // Pulumi takes lists of CIDR blocks and groups per rule; CloudFormation one of each per rule.
      "ingress.cidrBlocks": null,
      "ingress.ipv6CidrBlocks": null,
      "ingress.securityGroups": null,
      "egress.cidrBlocks": null,
      "egress.ipv6CidrBlocks": null,
      "egress.securityGroups": null,
      "ingress.protocol": "SecurityGroupIngress.IpProtocol",
      "egress.protocol": "SecurityGroupEgress.IpProtocol",
    },
  },
  "aws:ec2/subnet:Subnet": { cfnType: "AWS::EC2::Subnet", docUrl: page("ec2-subnet") },
  "aws:ec2/vpc:Vpc": { cfnType: "AWS::EC2::VPC", docUrl: page("ec2-vpc") },
  "aws:ec2/vpcEndpoint:VpcEndpoint": { cfnType: "AWS::EC2::VPCEndpoint", docUrl: page("ec2-vpcendpoint") },
  "aws:ecs/cluster:Cluster": {
    cfnType: "AWS::ECS::Cluster",
    docUrl: page("ecs-cluster"),
    properties: { name: "ClusterName", settings: "ClusterSettings" },
  },
  "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders": {
    cfnType: "AWS::ECS::ClusterCapacityProviderAssociations",
    docUrl: page("ecs-clustercapacityproviderassociations"),
    properties: { clusterName: "Cluster" },
  },
  "aws:ecs/service:Service": {
    cfnType: "AWS::ECS::Service",
    docUrl: page("ecs-service"),
    properties: {
      name: "ServiceName",
      networkConfiguration: "NetworkConfiguration.AwsvpcConfiguration",
      // A boolean in Pulumi, ENABLED or DISABLED in CloudFormation.
      "networkConfiguration.assignPublicIp": null,
      deploymentCircuitBreaker: "DeploymentConfiguration.DeploymentCircuitBreaker",
      deploymentMaximumPercent: "DeploymentConfiguration.MaximumPercent",
      deploymentMinimumHealthyPercent: "DeploymentConfiguration.MinimumHealthyPercent",
    },
  },
  "aws:ecs/taskDefinition:TaskDefinition": {
    cfnType: "AWS::ECS::TaskDefinition",
    docUrl: page("ecs-taskdefinition"),
    properties: {
      "ephemeralStorage.sizeInGib": "EphemeralStorage.SizeInGiB",
      volumes: "Volumes",
      "volumes.efsVolumeConfiguration": "Volumes.EFSVolumeConfiguration",
    },
    jsonText: ["containerDefinitions"],
  },
  "aws:iam/role:Role": {
    cfnType: "AWS::IAM::Role",
    docUrl: page("iam-role"),
    properties: {
      name: "RoleName",
      // A prefix is shorter than the name it makes; the documented rules check the names the plan shows.
      namePrefix: null,
      assumeRolePolicy: null,
      inlinePolicies: "Policies",
      "inlinePolicies.name": "Policies.PolicyName",
      "inlinePolicies.policy": null,
    },
  },
  "aws:lambda/eventSourceMapping:EventSourceMapping": {
    cfnType: "AWS::Lambda::EventSourceMapping",
    docUrl: page("lambda-eventsourcemapping"),
  },
  "aws:lambda/function:Function": {
    cfnType: "AWS::Lambda::Function",
    docUrl: page("lambda-function"),
    properties: {
      name: "FunctionName",
      s3Bucket: "Code.S3Bucket",
      s3Key: "Code.S3Key",
      s3ObjectVersion: "Code.S3ObjectVersion",
      imageUri: "Code.ImageUri",
    },
  },
  "aws:lb/listener:Listener": {
    cfnType: "AWS::ElasticLoadBalancingV2::Listener",
    docUrl: page("elasticloadbalancingv2-listener"),
    properties: {
      "defaultActions.fixedResponse": "DefaultActions.FixedResponseConfig",
      "defaultActions.forward": "DefaultActions.ForwardConfig",
      "defaultActions.redirect": "DefaultActions.RedirectConfig",
    },
  },
  "aws:lb/listenerRule:ListenerRule": {
    cfnType: "AWS::ElasticLoadBalancingV2::ListenerRule",
    docUrl: page("elasticloadbalancingv2-listenerrule"),
    properties: {
      "actions.fixedResponse": "Actions.FixedResponseConfig",
      "actions.forward": "Actions.ForwardConfig",
      "actions.redirect": "Actions.RedirectConfig",
      "conditions.pathPattern": "Conditions.PathPatternConfig",
      "conditions.hostHeader": "Conditions.HostHeaderConfig",
      "conditions.httpHeader": "Conditions.HttpHeaderConfig",
      "conditions.httpRequestMethod": "Conditions.HttpRequestMethodConfig",
      "conditions.queryStrings": "Conditions.QueryStringConfig.Values",
      "conditions.sourceIp": "Conditions.SourceIpConfig",
    },
  },
  "aws:lb/loadBalancer:LoadBalancer": {
    cfnType: "AWS::ElasticLoadBalancingV2::LoadBalancer",
    docUrl: page("elasticloadbalancingv2-loadbalancer"),
    // `internal` is a boolean in Pulumi, `Scheme` a string in CloudFormation.
    properties: { name: "Name", namePrefix: "Name", loadBalancerType: "Type", internal: null },
  },
  "aws:lb/targetGroup:TargetGroup": {
    cfnType: "AWS::ElasticLoadBalancingV2::TargetGroup",
    docUrl: page("elasticloadbalancingv2-targetgroup"),
    properties: {
      name: "Name",
      namePrefix: "Name",
      // No `HealthCheck` property: CloudFormation spreads the health check over the target group's own properties.
      "healthCheck.enabled": "HealthCheckEnabled",
      "healthCheck.healthyThreshold": "HealthyThresholdCount",
      "healthCheck.interval": "HealthCheckIntervalSeconds",
      "healthCheck.matcher": "Matcher.HttpCode",
      "healthCheck.path": "HealthCheckPath",
      "healthCheck.port": "HealthCheckPort",
      "healthCheck.protocol": "HealthCheckProtocol",
      "healthCheck.timeout": "HealthCheckTimeoutSeconds",
      "healthCheck.unhealthyThreshold": "UnhealthyThresholdCount",
    },
  },
  "aws:s3/bucket:Bucket": {
    cfnType: "AWS::S3::Bucket",
    docUrl: page("s3-bucket"),
    properties: { bucket: "BucketName", bucketPrefix: null },
  },
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
    cfnType: "AWS::S3::Bucket",
    docUrl: page("s3-bucket"),
    within: "LifecycleConfiguration",
    properties: {
      bucket: "BucketName",
      "rules.filter": null,
      "rules.expiration": null,
      "rules.transitions": null,
    },
  },
  "aws:s3/bucketPolicy:BucketPolicy": {
    cfnType: "AWS::S3::BucketPolicy",
    docUrl: page("s3-bucketpolicy"),
    properties: { policy: null },
  },
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
    cfnType: "AWS::S3::Bucket",
    docUrl: page("s3-bucket"),
    within: "PublicAccessBlockConfiguration",
    properties: { bucket: "BucketName" },
  },
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
    cfnType: "AWS::S3::Bucket",
    docUrl: page("s3-bucket"),
    within: "BucketEncryption",
    properties: {
      bucket: "BucketName",
      rules: "BucketEncryption.ServerSideEncryptionConfiguration",
      "rules.applyServerSideEncryptionByDefault":
        "BucketEncryption.ServerSideEncryptionConfiguration.ServerSideEncryptionByDefault",
      "rules.applyServerSideEncryptionByDefault.sseAlgorithm":
        "BucketEncryption.ServerSideEncryptionConfiguration.ServerSideEncryptionByDefault.SSEAlgorithm",
      "rules.applyServerSideEncryptionByDefault.kmsMasterKeyId":
        "BucketEncryption.ServerSideEncryptionConfiguration.ServerSideEncryptionByDefault.KMSMasterKeyID",
    },
  },
  "aws:scheduler/schedule:Schedule": {
    cfnType: "AWS::Scheduler::Schedule",
    docUrl: page("scheduler-schedule"),
    properties: { namePrefix: null },
  },
  "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace": {
    cfnType: "AWS::ServiceDiscovery::PrivateDnsNamespace",
    docUrl: page("servicediscovery-privatednsnamespace"),
  },
  "aws:servicediscovery/service:Service": {
    cfnType: "AWS::ServiceDiscovery::Service",
    docUrl: page("servicediscovery-service"),
    properties: { "dnsConfig.dnsRecords.ttl": "DnsConfig.DnsRecords.TTL" },
  },
  "aws:sqs/queue:Queue": {
    cfnType: "AWS::SQS::Queue",
    docUrl: page("sqs-queue"),
    properties: {
      name: "QueueName",
      namePrefix: null,
      visibilityTimeoutSeconds: "VisibilityTimeout",
      messageRetentionSeconds: "MessageRetentionPeriod",
      receiveWaitTimeSeconds: "ReceiveMessageWaitTimeSeconds",
      maxMessageSize: "MaximumMessageSize",
    },
  },
  "aws:sqs/queuePolicy:QueuePolicy": {
    cfnType: "AWS::SQS::QueuePolicy",
    docUrl: page("sqs-queuepolicy"),
    properties: { queueUrl: "Queues", policy: null },
  },
  "aws:ssm/document:Document": {
    cfnType: "AWS::SSM::Document",
    docUrl: page("ssm-document"),
    properties: { content: null },
  },
  "aws:ssm/parameter:Parameter": {
    cfnType: "AWS::SSM::Parameter",
    docUrl: page("ssm-parameter"),
    // CloudFormation cannot create a SecureString parameter; the SSM API that Pulumi calls can.
    properties: { type: null, value: null },
  },
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {
    cfnType: "AWS::EC2::SecurityGroupEgress",
    docUrl: page("ec2-securitygroupegress"),
    properties: {
      cidrIpv4: "CidrIp",
      securityGroupId: "GroupId",
      referencedSecurityGroupId: "DestinationSecurityGroupId",
      prefixListId: "DestinationPrefixListId",
    },
  },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
    cfnType: "AWS::EC2::SecurityGroupIngress",
    docUrl: page("ec2-securitygroupingress"),
    properties: {
      cidrIpv4: "CidrIp",
      securityGroupId: "GroupId",
      referencedSecurityGroupId: "SourceSecurityGroupId",
      prefixListId: "SourcePrefixListId",
    },
  },
};

/** Types of the plan with no CloudFormation counterpart to check against, and why. */
export const UNMAPPED: Readonly<Record<string, string>> = {
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup":
    "adopts the VPC's default group; CloudFormation cannot",
  "aws:s3/bucketObjectv2:BucketObjectv2": "an S3 object, not a CloudFormation resource",
  "aws:lambda/invocation:Invocation": "a call made at deploy time, not a CloudFormation resource",
  "aws:cloudformation/stackSetInstance:StackSetInstance":
    "CloudFormation nests instances in the StackSet (StackInstancesGroup), per group of accounts and regions",
  "random:index/randomBytes:RandomBytes": "not an AWS resource",
};

/**
 * Where a registry schema's documentation is wrong or looser than the API it describes, the API reference's
 * limit, keyed by `<CloudFormation type>.<property path>`.
 */
export const DOC_CORRECTIONS: Readonly<
  Record<string, { minimum?: number; maximum?: number; reason: string; source: string }>
> = {
  "AWS::SQS::Queue.ReceiveMessageWaitTimeSeconds": {
    minimum: 0,
    maximum: 20,
    reason: "the schema says 1 to 20 but also that 0 means short polling; SetQueueAttributes takes 0 to 20",
    source:
      "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_SetQueueAttributes.html",
  },
};
