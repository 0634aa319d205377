-- Personal work notices: each contact's user id on the office platforms the deployment has an
-- application on (钉钉/浙政钉 userid, 企业微信 UserID, 飞书 user_id or open_id).
ALTER TABLE contacts ADD COLUMN dingtalk_user TEXT;
ALTER TABLE contacts ADD COLUMN wecom_user TEXT;
ALTER TABLE contacts ADD COLUMN feishu_user TEXT;
